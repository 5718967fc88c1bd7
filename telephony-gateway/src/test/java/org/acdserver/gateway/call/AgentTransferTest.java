package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.assertj.core.api.Assertions.assertThat;

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
 * A blind transfer from the agent desktop to a named agent, with no Asterisk: the agent's leg is hung up, the call
 * is offered to the named agent as a request of the queue it was in (priority and skills kept), and the records name
 * the agent as {@code agent:<id>}; unanswered, the call waits in its queue for the next agent.
 */
class AgentTransferTest {

    private static final String AGENT_CHANNEL = "PJSIP/agent1-00000001";

    private final FakeAgentChannels channels = new FakeAgentChannels(CALL_ID, AGENT_CHANNEL);
    private final List<String> hungUp = channels.hungUp;
    private final CallFixture f = CallFixture.withChannels(channels);

    /** agent1 answers a call of support (priority 7, french 2) and talks 30 s, then transfers it to agent2. */
    private void transferredToAgent2() {
        f.queue(new QueueRequest("support", 7, Map.of("french", 2), null, Duration.ZERO, ""));
        f.clock.advance(Duration.ofSeconds(10));
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        f.clock.advance(Duration.ofSeconds(30));
        Conversation conversation = ((CallLife) f.call).conversation();
        CompletableFuture<Void> transfer = conversation.transfer(TransferTarget.toAgent("agent2", "support"));
        f.session.run();
        assertThat(transfer).isCompleted();
        assertThat(hungUp).containsExactly(AGENT_CHANNEL);
        f.dialEnds("ANSWER");
    }

    @Test
    void theCallIsOfferedToTheNamedAgentAndBothLegsAreRecordedLinked() {
        transferredToAgent2();
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 7", "answered agent1", "ended",
                "transferred support 7 to agent2");
        assertThat(f.call.queue()).isEqualTo("support");
        assertThat(f.call.queueRequest().skills()).isEqualTo(Map.of("french", 2));
        assertThat(f.result).isNotDone();

        f.clock.advance(Duration.ofSeconds(2));
        f.offer("agent2");
        f.agentAnswers(2_000_000);
        f.clock.advance(Duration.ofSeconds(20));
        f.dialEnds("ANSWER");
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        f.finish(FlowOutcome.Ending.COMPLETED, true);

        assertThat(f.records).hasSize(2);
        InteractionRecord first = f.records.get(0);
        InteractionRecord second = f.records.get(1);
        assertThat(first.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(first.transferredTo()).isEqualTo("agent:agent2");
        assertThat(first.agent()).isEqualTo("agent1");
        assertThat(first.talkSeconds()).isEqualTo(30.0);
        assertThat(second.callId()).isEqualTo(CALL_ID + ".t1");
        assertThat(second.transferredFrom()).isEqualTo(CALL_ID);
        assertThat(second.queue()).isEqualTo("support");
        assertThat(second.agent()).isEqualTo("agent2");
        assertThat(second.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(second.waitSeconds()).isEqualTo(2.0);
    }

    @Test
    void anUnansweredTransferLeavesTheCallWaitingInItsQueueForTheNextAgent() {
        transferredToAgent2();
        f.offer("agent2");
        f.dialEnds("NOANSWER");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).endsWith("transferred support 7 to agent2", "failed agent2 NO_ANSWER");
        assertThat(f.result).isNotDone();

        f.offer("agent3");
        f.agentAnswers(3_000_000);
        f.dialEnds("ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records).hasSize(2);
        assertThat(f.records.get(0).transferredTo()).isEqualTo("agent:agent2");
        assertThat(f.records.get(1).agent()).isEqualTo("agent3");
        assertThat(f.records.get(1).transferredFrom()).isEqualTo(CALL_ID);
    }

    @Test
    void aTargetNamesTheAgentApartFromQueuesAndNumbers() {
        TransferTarget agent = TransferTarget.toAgent("bob", "sales");
        assertThat(agent.queue()).isTrue();
        assertThat(agent.id()).isEqualTo("sales");
        assertThat(agent.recordTarget()).isEqualTo("agent:bob");
        assertThat(TransferTarget.toQueue("sales").recordTarget()).isEqualTo("sales");
        assertThat(TransferTarget.toNumber("5551234").recordTarget()).isEqualTo("5551234");
        assertThat(agent).hasToString("agent bob");
    }
}
