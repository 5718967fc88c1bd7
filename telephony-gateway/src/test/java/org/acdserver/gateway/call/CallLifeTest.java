package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALLER;
import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.acdserver.gateway.call.CallFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The call's life driven by scripted AGI replies and manager and routing events, with no Asterisk. */
class CallLifeTest {

    /** The queue hold's wait, one slice long. */
    private static final String QUEUE_WAIT = "WAIT FOR DIGIT " + QueueHold.SLICE_MILLIS;

    private final CallFixture f = new CallFixture();

    private void ringAgent1() {
        f.queue("support");
        f.offer("agent1");
        assertThat(f.state()).isEqualTo(CallState.RINGING);
    }

    /** The agent's Dial ends with this status. */
    private void dialEnds(String dialResult, String status) {
        assertThat(f.session.running()).startsWith("EXEC Dial ");
        f.session.reply(dialResult);
        assertThat(f.session.running()).isEqualTo("GET VARIABLE DIALSTATUS");
        f.session.reply("200 result=1 (" + status + ")");
    }

    private double totalUnexpected() {
        return f.meters.find("acd.calls.unexpected.events").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Test
    void aCallIsQueuedRungBridgedWrappedUpAndEndedWithOneRecord() {
        f.queue("support");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.registry.get(CALL_ID)).isSameAs(f.call);
        assertThat(f.session.running()).isEqualTo(QUEUE_WAIT);

        f.clock.advance(Duration.ofSeconds(12));
        f.offer("agent1");
        // The Dial is written into the running wait, which Asterisk ends at once: no wait is sat out.
        assertThat(f.session.commands()).containsExactly("SET MUSIC on default", QUEUE_WAIT,
                "EXEC Dial PJSIP/agent1,15,gm(default)");
        assertThat(f.state()).isEqualTo(CallState.RINGING);

        f.clock.advance(Duration.ofSeconds(3));
        f.agentAnswers(1_000_000);
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);
        f.bridged(1_040_000);
        Timer answerToBridge = f.meters.find("acd.agent.answer.to.bridge").timer();
        assertThat(answerToBridge.count()).isEqualTo(1);
        assertThat(answerToBridge.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);

        f.clock.advance(Duration.ofSeconds(60));
        dialEnds("200 result=0", "ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        assertThat(f.registry.get(CALL_ID)).isNull();

        f.clock.advance(Duration.ofSeconds(5));
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        assertThat(f.records).hasSize(1);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.callId()).isEqualTo(CALL_ID);
        assertThat(r.callerNumber()).isEqualTo(CALLER);
        assertThat(r.queue()).isEqualTo("support");
        assertThat(r.agent()).isEqualTo("agent1");
        assertThat(r.startedAt()).isEqualTo(START);
        assertThat(r.enqueuedAt()).isEqualTo(START);
        assertThat(r.answeredAt()).isEqualTo(START.plusSeconds(15));
        assertThat(r.endedAt()).isEqualTo(START.plusSeconds(80));
        assertThat(r.waitSeconds()).isEqualTo(15.0);
        assertThat(r.talkSeconds()).isEqualTo(60.0);
        assertThat(f.counter("acd.calls.ended", "outcome", "answered")).isEqualTo(1);
        assertThat(f.counter("acd.queue.calls", "queue", "support", "result", "answered_in_target")).isEqualTo(1);
        // The session's close afterwards is a hang-up the ended call expects.
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void theWaitEndsAtAsterisksTimeOfTheAnswerNotWhenTheManagerDeliveredIt() {
        f.queue("support");
        f.clock.advance(Duration.ofSeconds(12));
        f.offer("agent1");
        // Asterisk's DialEnd says 300 ms after the dial; the event reaches the call 1.5 s late.
        f.clock.advance(Duration.ofMillis(1_800));
        Instant answered = START.plusMillis(12_300);
        f.agentAnswers(answered.getEpochSecond() * 1_000_000 + answered.getNano() / 1_000);
        f.clock.advance(Duration.ofSeconds(30));
        dialEnds("200 result=0", "ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        InteractionRecord r = f.records.get(0);
        assertThat(r.answeredAt()).isEqualTo(answered);
        assertThat(r.waitSeconds()).isEqualTo(12.3);
    }

    @Test
    void anAnswerTimeOutsideTheRingIsTakenAsAnotherClockAndTheArrivalCounts() {
        f.queue("support");
        f.clock.advance(Duration.ofSeconds(12));
        f.offer("agent1");
        f.clock.advance(Duration.ofSeconds(2));
        // A time after "now": Asterisk's clock runs ahead of ours.
        Instant ahead = START.plusSeconds(20);
        f.agentAnswers(ahead.getEpochSecond() * 1_000_000);
        f.clock.advance(Duration.ofSeconds(30));
        dialEnds("200 result=0", "ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).answeredAt()).isEqualTo(START.plusSeconds(14));
    }

    @Test
    void aCallWithAFreeAgentIsDialedAtOnceWithNoHoldBeforeTheDial() {
        f.routing.agentFree = true;
        f.queue("support");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.session.commands()).isEmpty();

        f.offer("agent1");
        assertThat(f.session.commands()).containsExactly("EXEC Dial PJSIP/agent1,15,gm(default)");
        assertThat(f.state()).isEqualTo(CallState.RINGING);
        f.agentAnswers(1_000_000);
        dialEnds("200 result=0", "ANSWER");
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void anAgentWhoDoesNotAnswerWhileAnotherIsFreeHandsTheCallOnWithNoHoldBetween() {
        f.routing.agentFree = true;
        f.queue("support");
        f.offer("agent1");
        dialEnds("200 result=0", "NOANSWER");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        f.offer("agent2");
        assertThat(f.session.commands()).containsExactly("EXEC Dial PJSIP/agent1,15,gm(default)",
                "GET VARIABLE DIALSTATUS", "EXEC Dial PJSIP/agent2,15,gm(default)");
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void aHoldStartsOnlyOnceWhenTheCoreSaysTwiceThatTheCallWaits() {
        f.queue("support");
        f.call.waiting();
        f.session.run();
        assertThat(f.session.commands()).containsExactly("SET MUSIC on default", QUEUE_WAIT);
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void anAgentWhoDoesNotAnswerSendsTheCallBackToItsPlaceOnHoldAndTheNextAgentMayTakeIt() {
        ringAgent1();
        dialEnds("200 result=0", "NOANSWER");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 NO_ANSWER");
        assertThat(f.session.commands()).endsWith("GET VARIABLE DIALSTATUS", "SET MUSIC on default",
                QUEUE_WAIT);
        assertThat(f.counter("acd.offers.not.answered")).isEqualTo(1);
        assertThat(f.registry.get(CALL_ID)).isSameAs(f.call);

        f.offer("agent2");
        f.agentAnswers(2_000_000);
        dialEnds("200 result=0", "ANSWER");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).agent()).isEqualTo("agent2");
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 NO_ANSWER",
                "answered agent2", "ended");
    }

    @ParameterizedTest
    @CsvSource({"BUSY,BUSY", "CHANUNAVAIL,UNAVAILABLE", "CONGESTION,UNAVAILABLE", "NOANSWER,NO_ANSWER"})
    void aLegThatFailsTellsTheCoreWhy(String dialStatus, String failure) {
        ringAgent1();
        dialEnds("200 result=0", dialStatus);
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 " + failure);
    }

    @Test
    void whenTheManagerMissedTheAnswerTheDialStatusStillConnectsTheCall() {
        ringAgent1();
        f.clock.advance(Duration.ofSeconds(30));
        dialEnds("200 result=0", "ANSWER");
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        // The start of ringing stands in for the answer.
        assertThat(f.records.get(0).answeredAt()).isEqualTo(START);
        assertThat(f.records.get(0).talkSeconds()).isEqualTo(30.0);
    }

    @Test
    void managerEventsOutOfOrderAreTakenAsTheyFit() {
        ringAgent1();
        // BridgeEnter ahead of the DialEnd that says the agent answered: expected, and nothing to measure yet.
        f.bridged(1_500_000);
        assertThat(f.state()).isEqualTo(CallState.RINGING);
        f.agentAnswers(1_000_000);
        f.bridged(900_000);
        assertThat(f.meters.find("acd.agent.answer.to.bridge").timer().count()).isZero();
        dialEnds("200 result=0", "ANSWER");
        // The manager's word on the answer arriving after the Dial ended is late, not wrong.
        f.agentAnswers(1_000_000);
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void aCallerWhoHangsUpWhileQueuedIsAbandonedInQueue() {
        f.queue("support");
        f.clock.advance(Duration.ofSeconds(20));
        f.session.callerHangsUp();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up");
        assertThat(f.result).isCompletedExceptionally();
        assertThat(f.result.handle((r, e) -> cause(e))).isCompletedWithValueMatching(
                e -> e instanceof CallerHungUpException);
        assertThat(f.registry.get(CALL_ID)).isNull();

        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        InteractionRecord r = f.records.get(0);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
        assertThat(r.waitSeconds()).isEqualTo(20.0);
        assertThat(r.agent()).isNull();
        assertThat(f.counter("acd.queue.calls", "queue", "support", "result", "abandoned")).isEqualTo(1);
    }

    @Test
    void aHangUpTheManagerReportsFirstEndsTheCallOnceAndTheAgiSideIsLate() {
        f.queue("support");
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        f.session.callerHangsUp();
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up");
        assertThat(totalUnexpected()).isZero();
    }

    @Test
    void aCallerWhoHangsUpWhileTheAgentRingsFreesTheAgent() {
        ringAgent1();
        f.session.callerHangsUp();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        // The core frees the agent it reserved for a caller who hung up; no offer failure is reported besides.
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up");
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
        assertThat(f.records.get(0).agent()).isNull();
    }

    @Test
    void aCallerWhoHangsUpWhileTalkingEndsTheConversationAndTheFlowGoesOnToFindThemGone() {
        ringAgent1();
        f.agentAnswers(1_000_000);
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.result).isCompletedWithValue(QueueResult.CONNECTED);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }

    @Test
    void anOfferIsTimedFromTheRoutingEventThatLedToItToItsDialWritten() {
        f.queue("support");
        long published = System.nanoTime();
        f.call.connect(CallFixture.decision("agent1"), published);
        f.session.run();
        long written = System.nanoTime();
        assertThat(f.session.running()).startsWith("EXEC Dial ");
        Timer offers = f.meters.get(CallMetrics.OFFER_LATENCY).timer();
        assertThat(offers.count()).isEqualTo(1);
        assertThat(offers.totalTime(TimeUnit.NANOSECONDS)).isBetween(0.0, (double) (written - published));
    }

    @Test
    void anOfferWithoutTheTimeOfItsEventIsNotTimed() {
        // A port that does not pass the event's time on (connect without it).
        ringAgent1();
        assertThat(f.session.running()).startsWith("EXEC Dial ");
        assertThat(f.meters.get(CallMetrics.OFFER_LATENCY).timer().count()).isZero();
    }

    @Test
    void anOfferForACallerWhoHasGoneIsRefusedSoTheAgentIsFreed() {
        f.queue("support");
        // The offer and the hang-up race: the offer hops onto the loop first, and finds the caller gone.
        f.call.connect(CallFixture.decision("agent1"), System.nanoTime());
        f.session.hangupLine();
        f.session.run();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        // No Dial was written: no offer latency either.
        assertThat(f.meters.get(CallMetrics.OFFER_LATENCY).timer().count()).isZero();
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up", "failed agent1 CALLER_GONE");
        assertThat(f.session.commands()).noneMatch(c -> c.startsWith("EXEC Dial"));
    }

    @Test
    void routingFailedTakesTheCallOutOfTheQueueAndTheFlowGoesOn() {
        f.queue("support");
        f.routingFailed();
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        // Music off is written into the running wait, so the flow's next prompt follows at once.
        assertThat(f.session.commands()).endsWith(QUEUE_WAIT, "SET MUSIC off");
        assertThat(f.result).isCompletedWithValue(QueueResult.NOT_SERVED);
        assertThat(f.registry.get(CALL_ID)).isNull();

        // An offer that crossed the failure is refused.
        f.offer("agent1");
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 CALLER_GONE");
        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.NO_AGENT);
    }

    @Test
    void aCallWaitingTheMaximumLeavesUnserved() {
        f.queue("support");
        f.leftUnserved("max-wait");
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        assertThat(f.result).isCompletedWithValue(QueueResult.NOT_SERVED);
    }

    @Test
    void aFullQueueWithoutCallbacksTurnsTheCallerAwayToTheFlow() {
        f.queue("support");
        f.leftUnserved("full");
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        assertThat(f.result).isCompletedWithValue(QueueResult.NOT_SERVED);
    }

    @Test
    void aWaitingCallerHearsTheirPositionWhenDueAndTheHoldGoesOn() {
        f.routing.estimate = new WaitEstimate(1, 30, "observed");
        f.queue(new QueueRequest("support", 0, Map.of(), "jazz", Duration.ofSeconds(30), ""));
        assertThat(f.session.commands()).containsExactly("SET MUSIC on jazz", QUEUE_WAIT);
        f.clock.advance(Duration.ofSeconds(30));
        f.session.reply("200 result=0");
        assertThat(f.session.running()).isEqualTo("STREAM FILE queue-youarenext \"\"");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        assertThat(f.session.commands()).containsExactly("SET MUSIC on jazz", QUEUE_WAIT,
                "SET MUSIC off", "STREAM FILE queue-youarenext \"\"", "STREAM FILE queue-holdtime \"\"",
                "SAY NUMBER 1 \"\"", "STREAM FILE queue-minute \"\"", "SET MUSIC on jazz", QUEUE_WAIT);
        assertThat(f.counter("acd.queue.announcements")).isEqualTo(1);
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
    }

    @Test
    void aQueueWithoutMusicHoldsAndRingsWithoutMusicOnHold() {
        f.routing.estimate = new WaitEstimate(1, 30, "observed");
        f.queue(new QueueRequest("support", 0, Map.of(), QueueRequest.NO_MUSIC, Duration.ofSeconds(30), ""));
        assertThat(f.session.commands()).containsExactly(QUEUE_WAIT);
        f.clock.advance(Duration.ofSeconds(30));
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        assertThat(f.session.commands()).containsExactly(QUEUE_WAIT,
                "STREAM FILE queue-youarenext \"\"", "STREAM FILE queue-holdtime \"\"", "SAY NUMBER 1 \"\"",
                "STREAM FILE queue-minute \"\"", QUEUE_WAIT);

        f.offer("agent1");
        assertThat(f.session.running()).isEqualTo("EXEC Dial PJSIP/agent1,15,g");
        assertThat(f.state()).isEqualTo(CallState.RINGING);
    }

    @Test
    void theFlowEndingWhileTheCallIsQueuedAbandonsItAndStillWritesOneRecord() {
        f.queue("support");
        f.finish(FlowOutcome.Ending.FAILED, true);
        f.finish(FlowOutcome.Ending.FAILED, true);
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up");
        assertThat(f.records).hasSize(1);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.FAILED);
    }

    @Test
    void aCallThatNeverQueuedIsRecordedAsTheFlowEnded() {
        f.finish(FlowOutcome.Ending.COMPLETED, false);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.SELF_SERVICE);
        assertThat(f.records.get(0).queue()).isNull();
        assertThat(f.records.get(0).waitSeconds()).isNull();
        assertThat(f.routing.told).isEmpty();
    }

    @Test
    void aTransferredCallIsRecordedAndCountedAsTransferredNotFailed() {
        f.channel.finish(new FlowOutcome("main", List.of("menu", "to-billing"), "to-billing",
                FlowOutcome.Ending.TRANSFERRED, false, false, Map.of(), Map.of(), null, "201"));
        assertThat(f.records).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
            assertThat(r.transferredTo()).isEqualTo("201");
        });
        assertThat(f.counter("acd.calls.ended", "outcome", "transferred")).isEqualTo(1);
        assertThat(f.counter("acd.calls.ended", "outcome", "failed")).isZero();
    }

    @Test
    void afterTheAgentsLegTheCallerWaitsThePauseBeforeItsNextCommand() {
        CallFixture p = CallFixture.withLegEndPause(Duration.ofMillis(15));
        p.queue("support");
        p.offer("agent1");
        p.agentAnswers(1_000_000);
        p.session.reply("200 result=0");
        // The Dial returned with the caller there: nothing is asked of Asterisk until the pause has passed.
        assertThat(p.session.running()).isNull();
        p.session.runAfter(Duration.ofMillis(14));
        assertThat(p.session.running()).isNull();
        p.session.runAfter(Duration.ofMillis(1));
        assertThat(p.session.running()).isEqualTo("GET VARIABLE DIALSTATUS");
        p.session.reply("200 result=1 (ANSWER)");
        assertThat(p.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(p.result).isCompletedWithValue(QueueResult.CONNECTED);
    }

    @Test
    void aCallerWhoHungUpDuringTheLegIsNotPaused() {
        CallFixture p = CallFixture.withLegEndPause(Duration.ofMillis(15));
        p.queue("support");
        p.offer("agent1");
        // The caller hangs up while the agent's phone rings: the status is read at once.
        p.session.reply("200 result=-1");
        assertThat(p.session.running()).isEqualTo("GET VARIABLE DIALSTATUS");
    }
}
