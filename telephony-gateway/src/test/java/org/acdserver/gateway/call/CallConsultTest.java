package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;

/**
 * An attended transfer and a held caller whose agent's phone hung up, through the whole call with no Asterisk: a
 * completed consult bridges the caller with the consulted party and records the leg {@code transferred} to the number
 * with the consult as hold time; a held caller whose agent's channel is gone ends answered instead of holding on.
 */
class CallConsultTest {

    private static final String AGENT_CHANNEL = "PJSIP/agent1-00000001";
    private static final String PARTY = "Local/5559000@acd-transfer-00000002;1";

    private final FakeAgentChannels channels = new FakeAgentChannels(CALL_ID, AGENT_CHANNEL);
    private final List<String> hungUp = channels.hungUp;
    private final CallFixture f = CallFixture.withChannels(channels);

    private Conversation conversation() {
        return ((CallLife) f.call).conversation();
    }

    @Test
    void aCompletedConsultBridgesTheCallerWithThePartyAndIsRecordedTransferredWithTheConsultAsHold() {
        f.queue("support");
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        f.clock.advance(Duration.ofSeconds(30));
        CompletableFuture<Void> consult = conversation().consultation().consult(TransferTarget.toNumber("5559000"));
        f.session.run();
        assertThat(consult).isCompleted();
        f.dialEnds("ANSWER");
        assertThat(f.session.running()).isEqualTo("WAIT FOR DIGIT 5000");
        f.clock.advance(Duration.ofSeconds(15));
        channels.agentPeer = PARTY;
        CompletableFuture<Void> complete = conversation().consultation().complete();
        f.session.run();
        assertThat(complete).isCompleted();
        assertThat(hungUp).containsExactly(AGENT_CHANNEL);
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.session.running()).isEqualTo("EXEC Bridge " + PARTY + ",x");
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        f.session.reply("200 result=0");
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records).hasSize(1);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(r.transferredTo()).isEqualTo("5559000");
        assertThat(r.agent()).isEqualTo("agent1");
        assertThat(r.talkSeconds()).isEqualTo(30.0);
        assertThat(r.holdSeconds()).isEqualTo(15.0);
    }

    @Test
    void aHeldCallerWhoseAgentsPhoneHungUpEndsAnsweredInsteadOfHoldingOn() {
        f.queue("support");
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        f.clock.advance(Duration.ofSeconds(20));
        conversation().hold();
        f.session.run();
        f.dialEnds("ANSWER");
        f.clock.advance(Duration.ofSeconds(5));
        channels.agentAlive = false;
        f.session.reply("200 result=0");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        assertThat(f.session.commands()).noneMatch(c -> c.startsWith("EXEC Bridge"));
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.talkSeconds()).isEqualTo(20.0);
        assertThat(r.holdSeconds()).isEqualTo(5.0);
    }
}
