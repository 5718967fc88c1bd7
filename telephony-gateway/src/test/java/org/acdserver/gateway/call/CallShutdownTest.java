package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.gateway.store.InteractionOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The call's shutdown path with scripted AGI replies: a caller in a queue or the IVR is handed back to the
 * dialplan (the variable its fallback route checks, then the AGI step ends), a caller talking to an agent is left
 * alone, and each gets its one record.
 */
class CallShutdownTest {

    /** The queue hold's wait, one slice long. */
    private static final String QUEUE_WAIT = "WAIT FOR DIGIT " + QueueHold.SLICE_MILLIS;

    private static final String HAND_BACK = "SET VARIABLE ACD_HANDOFF shutdown";

    private final CallFixture f = new CallFixture();

    private CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> settled = ((CallLife) f.call).shutdown();
        f.session.run();
        return settled;
    }

    @ParameterizedTest
    @EnumSource(CallState.class)
    void everyStateAnswersAShutdownAndOnlyATalkingCallIsLeftAlone(CallState state) {
        CallTransitions.Transition t = CallTransitions.find(state, CallEvent.SHUTDOWN);
        assertThat(t).isNotNull();
        if (state == CallState.BRIDGED || state == CallState.ENDED) {
            assertThat(t.action()).isEqualTo(CallTransitions.Action.NONE);
        } else {
            assertThat(t.action()).isNotEqualTo(CallTransitions.Action.NONE);
        }
    }

    @Test
    void aWaitingCallerIsHandedBackAtOnceAndRecordedAsNotServed() {
        f.queue("support");
        assertThat(f.session.running()).isEqualTo(QUEUE_WAIT);
        CompletableFuture<Void> settled = shutdown();
        // The hold's wait is cut short by the hand-back: no wait is sat out.
        assertThat(f.session.commands()).containsExactly("SET MUSIC on default", QUEUE_WAIT, HAND_BACK);
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up");
        assertThat(f.registry.get(CALL_ID)).isNull();
        assertThat(f.result).isCompletedExceptionally();
        assertThat(f.session.closed()).isFalse();
        f.session.reply("200 result=1");
        assertThat(f.session.closed()).as("the AGI step ends once the variable is set").isTrue();
        assertThat(settled).isNotDone();
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(settled).isCompleted();
        assertThat(f.records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.NO_AGENT);
            assertThat(r.transferredTo()).isEqualTo("acd-fallback");
            assertThat(r.queue()).isEqualTo("support");
        });
        assertThat(f.counter("acd.calls.ended", "outcome", "no_agent")).isEqualTo(1);
        assertThat(f.session.commands()).as("nothing after the hand-back").endsWith(HAND_BACK);
    }

    @Test
    void aShutdownIsNotSettledUntilAsteriskHasRunTheHandBackEvenIfTheFlowEndedFirst() {
        f.queue("support");
        CompletableFuture<Void> settled = shutdown();
        assertThat(f.session.commands()).endsWith(HAND_BACK);
        // The flow's next command is refused at once, so the flow ends and the record is written before Asterisk
        // has answered the hand-back: closing the session now would lose the variable the fallback route checks.
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records).hasSize(1);
        assertThat(settled).as("the hand-back is still on its way").isNotDone();
        f.session.reply("200 result=1");
        assertThat(settled).as("Asterisk has set the variable").isCompleted();
    }

    @Test
    void aCallerInTheIvrHearsThePromptOutThenIsHandedBackAndTheFlowStops() {
        CompletableFuture<String> prompt = f.channel.play(List.of("hello"), "").toCompletableFuture();
        f.session.run();
        CompletableFuture<Void> settled = shutdown();
        assertThat(f.session.running()).as("a playing prompt is not cut").isEqualTo("STREAM FILE hello \"\"");
        f.session.reply("200 result=0 endpos=6400");
        assertThat(prompt).isCompletedWithValue("");
        assertThat(f.session.running()).isEqualTo(HAND_BACK);
        CompletableFuture<String> next = f.channel.play(List.of("vm-press"), "").toCompletableFuture();
        f.session.run();
        assertThat(next).as("the flow's next command is refused").isCompletedExceptionally();
        f.session.reply("200 result=1");
        assertThat(f.session.closed()).isTrue();
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, false);
        assertThat(settled).isCompleted();
        assertThat(f.records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
            assertThat(r.transferredTo()).isEqualTo("acd-fallback");
        });
        assertThat(f.counter("acd.calls.ended", "outcome", "transferred")).isEqualTo(1);
        assertThat(f.session.commands()).containsExactly("STREAM FILE hello \"\"", HAND_BACK);
    }

    @Test
    void aCallerWhoseAgentDoesNotAnswerIsHandedBackOnceTheRingEnds() {
        f.queue("support");
        f.offer("agent1");
        CompletableFuture<Void> settled = shutdown();
        assertThat(f.state()).isEqualTo(CallState.RINGING);
        assertThat(f.session.commands()).doesNotContain(HAND_BACK);
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (NOANSWER)");
        assertThat(f.session.running()).isEqualTo(HAND_BACK);
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 NO_ANSWER", "hung up");
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        f.session.reply("200 result=1");
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(settled).isCompleted();
        assertThat(f.records).singleElement().extracting(r -> r.outcome()).isEqualTo(InteractionOutcome.NO_AGENT);
    }

    @Test
    void aCallerWhoseAgentAnswersTalksOnUntouchedAndIsRecordedAnswered() {
        f.queue("support");
        f.offer("agent1");
        CompletableFuture<Void> settled = shutdown();
        assertThat(settled).isNotDone();
        f.agentAnswers(1_000_000);
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);
        assertThat(settled).as("settled: the call talks to an agent").isCompleted();
        assertThat(f.session.commands()).doesNotContain(HAND_BACK);
        // The server closes the remaining sessions; Asterisk keeps the bridge, and the record is written.
        f.session.close();
        f.session.run();
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(r.agent()).isEqualTo("agent1");
            assertThat(r.transferredTo()).isNull();
        });
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }

    @Test
    void aCallAlreadyTalkingIsNotHandedBack() {
        f.queue("support");
        f.offer("agent1");
        f.agentAnswers(1_000_000);
        assertThat(shutdown()).isCompleted();
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);
        assertThat(f.session.commands()).doesNotContain(HAND_BACK);
        assertThat(f.session.closed()).isFalse();
    }
}
