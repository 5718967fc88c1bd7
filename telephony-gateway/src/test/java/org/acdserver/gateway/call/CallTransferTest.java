package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.acdserver.gateway.call.CallFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;

/**
 * A blind transfer from the agent desktop, with no Asterisk: the agent's leg is hung up, the call joins the target
 * queue with its priority and skills while the flow's queue step goes on, another agent takes it, and the flow's end
 * writes two linked records, the first {@code transferred}.
 */
class CallTransferTest {

    private static final String AGENT_CHANNEL = "PJSIP/agent1-00000001";

    private final FakeAgentChannels channels = new FakeAgentChannels(CALL_ID, AGENT_CHANNEL);
    private final List<String> hungUp = channels.hungUp;
    private final CallFixture f = CallFixture.withChannels(channels);

    private Conversation conversation() {
        return ((CallLife) f.call).conversation();
    }

    @Test
    void aCallTransferredToAQueueJoinsItWithItsPriorityAndEndsWithTwoLinkedRecords() {
        f.queue(new QueueRequest("support", 7, Map.of("french", 2), null, Duration.ZERO, ""));
        f.clock.advance(Duration.ofSeconds(10));
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        f.clock.advance(Duration.ofSeconds(30));

        CompletableFuture<Void> transfer = conversation().transfer(TransferTarget.toQueue("sales"));
        f.session.run();
        assertThat(transfer).isCompleted();
        assertThat(hungUp).containsExactly(AGENT_CHANNEL);
        f.dialEnds("ANSWER");

        // The first agent is free (ended), and the same call waits in sales with its priority; the flow's queue step
        // has not returned.
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 7", "answered agent1", "ended", "queued sales 7");
        assertThat(f.result).isNotDone();
        assertThat(f.call.queue()).isEqualTo("sales");
        assertThat(f.call.queueRequest().skills()).isEqualTo(Map.of("french", 2));
        assertThat(f.call.queueRequest().priority()).isEqualTo(7);
        assertThat(f.registry.get(CALL_ID)).isSameAs(f.call);
        assertThat(conversation().agentId()).isNull();

        f.clock.advance(Duration.ofSeconds(5));
        f.offer("agent2");
        f.agentAnswers(2_000_000);
        f.clock.advance(Duration.ofSeconds(20));
        f.dialEnds("ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        f.finish(FlowOutcome.Ending.COMPLETED, true);

        assertThat(f.records).hasSize(2);
        InteractionRecord first = f.records.get(0);
        InteractionRecord second = f.records.get(1);
        assertThat(first.callId()).isEqualTo(CALL_ID);
        assertThat(first.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(first.transferredTo()).isEqualTo("sales");
        assertThat(first.transferredFrom()).isNull();
        assertThat(first.queue()).isEqualTo("support");
        assertThat(first.agent()).isEqualTo("agent1");
        assertThat(first.waitSeconds()).isEqualTo(10.0);
        assertThat(first.talkSeconds()).isEqualTo(30.0);
        assertThat(first.endedAt()).isEqualTo(START.plusSeconds(40));

        assertThat(second.callId()).isEqualTo(CALL_ID + ".t1");
        assertThat(second.transferredFrom()).isEqualTo(CALL_ID);
        assertThat(second.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(second.queue()).isEqualTo("sales");
        assertThat(second.agent()).isEqualTo("agent2");
        assertThat(second.startedAt()).isEqualTo(START.plusSeconds(40));
        assertThat(second.enqueuedAt()).isEqualTo(START.plusSeconds(40));
        assertThat(second.waitSeconds()).isEqualTo(5.0);
        assertThat(second.talkSeconds()).isEqualTo(20.0);
        // The transferred leg was answered in support: it counts there as answered, never as an abandon.
        assertThat(f.counter("acd.calls.ended", "outcome", "transferred")).isEqualTo(1);
        assertThat(f.counter("acd.calls.ended", "outcome", "answered")).isEqualTo(1);
        assertThat(f.counter("acd.calls.ended", "outcome", "abandoned_in_queue")).isZero();
    }

    @Test
    void aCallTransferredToANumberDialsItThroughTheTransferContextAndIsRecordedTransferred() {
        f.queue("support");
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        f.clock.advance(Duration.ofSeconds(30));
        CompletableFuture<Void> transfer = conversation().transfer(TransferTarget.toNumber("5551234"));
        f.session.run();
        assertThat(transfer).isCompleted();
        f.dialEnds("ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.session.running()).isEqualTo("EXEC Dial Local/5551234@acd-transfer/n,60");
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.result).isNotDone();
        f.session.reply("200 result=0");
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records).hasSize(1);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(r.transferredTo()).isEqualTo("5551234");
        assertThat(r.agent()).isEqualTo("agent1");
        assertThat(r.talkSeconds()).isEqualTo(30.0);
    }

    @Test
    void aNumberThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> TransferTarget.toNumber("12,gm(x)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-9");
        assertThatThrownBy(() -> TransferTarget.toNumber(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TransferTarget.toNumber("+4930123").dialString()).isEqualTo("Local/+4930123@acd-transfer/n,60");
    }

    @Test
    void aCallerWhoHangsUpBeforeTheTransferredLegEndsEndsAsAnAnsweredCall() {
        f.queue("support");
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        conversation().transfer(TransferTarget.toQueue("sales"));
        f.session.run();
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        f.dialEnds("ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records).hasSize(1);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.ANSWERED);
    }
}
