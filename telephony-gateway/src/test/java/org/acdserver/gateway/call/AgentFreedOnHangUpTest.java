package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.acdserver.gateway.call.CallFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;

/**
 * The agent is freed when the manager says the agent's leg is over, before the caller's Dial returns over AGI, with
 * the talk time up to Asterisk's hang-up; the Dial's return then goes on with the caller's flow and frees nobody again.
 * A hold, an earlier leg's late hang-up and a caller who hung up first free nothing twice.
 */
class AgentFreedOnHangUpTest {

    /** The agent channel's name (what the desktop's call control hangs up) and its unique id (what DialEnd names). */
    private static final String AGENT_CHANNEL = "PJSIP/agent1-00000001";
    private static final String AGENT_LEG = "1746349200.18";

    private final FakeAgentChannels channels = new FakeAgentChannels(CALL_ID, AGENT_CHANNEL);
    private final CallFixture f = CallFixture.withChannels(channels);

    private Conversation conversation() {
        return ((CallLife) f.call).conversation();
    }

    private static long micros(Duration sinceStart) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, START.plus(sinceStart));
    }

    /** Queued at the start, answered 10 s later (Asterisk's time), the clock then at 10 s. */
    private void answered() {
        f.queue("support");
        f.clock.advance(Duration.ofSeconds(8));
        f.offer("agent1");
        f.clock.advance(Duration.ofSeconds(2));
        f.agentAnswers(micros(Duration.ofSeconds(10)), AGENT_LEG);
    }

    @Test
    void theAgentIsFreedOnTheManagersWordAndTheDialsReturnGoesOnWithTheFlow() {
        answered();
        // Asterisk ended the leg 30 s after the answer; its event reaches the call 1.5 s later.
        f.clock.advance(Duration.ofMillis(31_500));
        f.agentLegEnds(AGENT_LEG, micros(Duration.ofSeconds(40)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isEqualTo(1);
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);
        assertThat(f.result).isNotDone();
        // The desktop can no longer reach the call: its agent may already be talking to the next caller.
        assertThat(conversation().agentId()).isNull();
        assertThat(f.registry.get(CALL_ID)).isSameAs(f.call);

        f.clock.advance(Duration.ofSeconds(1));
        f.dialEnds("ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "dial")).isZero();
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.talkSeconds()).as("up to Asterisk's hang-up, not the events' arrival").isEqualTo(30.0);
    }

    @Test
    void theManagersWordFreesTheAgentBeforeTheCallsEventLoopRunsAndOnlyOnce() {
        answered();
        f.clock.advance(Duration.ofSeconds(30));
        // The manager's thread: the core hears of the end at once, while the call's own end waits on its event loop.
        f.call.agentLegEnded(AGENT_LEG, micros(Duration.ofSeconds(40)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isZero();
        assertThat(conversation().agentId()).isEqualTo("agent1");

        f.session.run();
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isEqualTo(1);
        assertThat(conversation().agentId()).isNull();
        f.dialEnds("ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).talkSeconds()).isEqualTo(30.0);
    }

    @Test
    void theManagersWordBeforeTheAnswerReachedTheCallFreesNothingEarly() {
        f.queue("support");
        f.offer("agent1");
        // DialEnd and the leg's end both came before the call's event loop ran the answer: the core must hear of the
        // answer first, so the end waits for the event loop.
        f.call.agentAnswered(micros(Duration.ofSeconds(1)), AGENT_LEG);
        f.call.agentLegEnded(AGENT_LEG, micros(Duration.ofSeconds(2)));
        assertThat(f.routing.told).containsExactly("queued support 0");
        f.session.run();
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }

    @Test
    void anEarlyFreeThatFailsLeavesTheFreeToTheCallsOwnEnd() {
        answered();
        f.routing.failEnds = 1;
        f.clock.advance(Duration.ofSeconds(30));
        f.call.agentLegEnded(AGENT_LEG, micros(Duration.ofSeconds(40)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1");
        f.session.run();
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isEqualTo(1);
    }

    @Test
    void aLegTheDialsReturnEndedIsNotFreedAgainByALateManagersWord() {
        answered();
        f.clock.advance(Duration.ofSeconds(12));
        f.dialEnds("ANSWER");
        f.call.agentLegEnded(AGENT_LEG, micros(Duration.ofSeconds(22)));
        f.session.run();
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }

    @Test
    void anAsteriskTimeOutsideTheLegCountsAsTheArrival() {
        answered();
        f.clock.advance(Duration.ofSeconds(20));
        f.agentLegEnds(AGENT_LEG, 1_000_000);
        f.dialEnds("ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).talkSeconds()).isEqualTo(20.0);
    }

    @Test
    void aHeldCallersParkedAgentIsNotFreedByTheManagerAndTheLegEndsAsBefore() {
        answered();
        f.clock.advance(Duration.ofSeconds(5));
        CompletableFuture<Void> hold = conversation().hold();
        f.session.run();
        assertThat(hold).isCompleted();
        f.dialEnds("ANSWER");
        // The parked agent's channel hangs up (the phone hung up while holding): the hold decides, not this event.
        f.agentLegEnds(AGENT_LEG, micros(Duration.ofSeconds(16)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1");
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isZero();
        assertThat(conversation().agentId()).isEqualTo("agent1");
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);

        f.clock.advance(Duration.ofSeconds(5));
        channels.agentAlive = false;
        f.session.reply("200 result=0");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }

    @Test
    void anotherChannelsHangUpFreesNothing() {
        answered();
        f.agentLegEnds("1746349200.99", micros(Duration.ofSeconds(12)));
        f.agentLegEnds(null, micros(Duration.ofSeconds(12)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1");
        assertThat(conversation().agentId()).isEqualTo("agent1");
    }

    @Test
    void aTransferredCallsAgentIsFreedOnceAndTheCallJoinsTheTargetQueue() {
        answered();
        f.clock.advance(Duration.ofSeconds(30));
        CompletableFuture<Void> transfer = conversation().transfer(TransferTarget.toQueue("sales"));
        f.session.run();
        assertThat(transfer).isCompleted();
        assertThat(channels.hungUp).containsExactly(AGENT_CHANNEL);
        f.agentLegEnds(AGENT_LEG, micros(Duration.ofSeconds(40)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        f.dialEnds("ANSWER");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended", "queued sales 0");

        // The next agent's leg: the first leg's late event frees nothing; its own does.
        f.offer("agent2");
        f.agentAnswers(0, "1746349200.40");
        f.agentLegEnds(AGENT_LEG, 0);
        assertThat(f.routing.told).endsWith("answered agent2");
        f.clock.advance(Duration.ofSeconds(20));
        f.agentLegEnds("1746349200.40", 0);
        assertThat(f.routing.told).endsWith("answered agent2", "ended");
        f.dialEnds("ANSWER");
        assertThat(f.routing.told).endsWith("answered agent2", "ended");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records).hasSize(2);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(f.records.get(0).talkSeconds()).isEqualTo(30.0);
        assertThat(f.records.get(1).talkSeconds()).isEqualTo(20.0);
    }

    @Test
    void aCallerWhoHungUpFirstEndedTheLegAndTheAgentsHangUpFreesNothingAgain() {
        answered();
        f.clock.advance(Duration.ofSeconds(10));
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        f.agentLegEnds(AGENT_LEG, micros(Duration.ofSeconds(20)));
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.unexpected(CallState.WRAP_UP, CallEvent.AGENT_HUNG_UP)).isZero();
    }

    @Test
    void withoutTheManagersWordTheDialsReturnFreesTheAgentAsBefore() {
        answered();
        f.clock.advance(Duration.ofSeconds(12));
        f.dialEnds("ANSWER");
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.counter("acd.agent.legs.ended", "by", "dial")).isEqualTo(1);
        assertThat(f.counter("acd.agent.legs.ended", "by", "hangup")).isZero();
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).talkSeconds()).isEqualTo(12.0);
    }
}
