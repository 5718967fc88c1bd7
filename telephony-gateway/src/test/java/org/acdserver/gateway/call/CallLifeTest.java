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
import java.util.regex.Pattern;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.gateway.callback.OpeningHours;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The call's life driven by scripted AGI replies and manager and routing events, with no Asterisk. */
class CallLifeTest {

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
        assertThat(f.session.running()).isEqualTo("WAIT FOR DIGIT 5000");

        f.clock.advance(Duration.ofSeconds(12));
        f.offer("agent1");
        // The Dial is written into the running wait, which Asterisk ends at once: no wait is sat out.
        assertThat(f.session.commands()).containsExactly("SET MUSIC on default", "WAIT FOR DIGIT 5000",
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
    void anAgentWhoDoesNotAnswerSendsTheCallBackToItsPlaceOnHoldAndTheNextAgentMayTakeIt() {
        ringAgent1();
        dialEnds("200 result=0", "NOANSWER");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "failed agent1 NO_ANSWER");
        assertThat(f.session.commands()).endsWith("GET VARIABLE DIALSTATUS", "SET MUSIC on default",
                "WAIT FOR DIGIT 5000");
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
    void anOfferForACallerWhoHasGoneIsRefusedSoTheAgentIsFreed() {
        f.queue("support");
        // The offer and the hang-up race: the offer hops onto the loop first, and finds the caller gone.
        f.call.connect(CallFixture.decision("agent1"));
        f.session.hangupLine();
        f.session.run();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "hung up", "failed agent1 CALLER_GONE");
        assertThat(f.session.commands()).noneMatch(c -> c.startsWith("EXEC Dial"));
    }

    @Test
    void routingFailedTakesTheCallOutOfTheQueueAndTheFlowGoesOn() {
        f.queue("support");
        f.routingFailed();
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        // Music off is written into the running wait, so the flow's next prompt follows at once.
        assertThat(f.session.commands()).endsWith("WAIT FOR DIGIT 5000", "SET MUSIC off");
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

    // ---- callbacks ------------------------------------------------------------------------------------------------

    /** Queued in a queue with callbacks on key 9; the caller presses it during the hold. */
    private void pressCallbackKey(List<String> windowPrompts) {
        f.callbacks.settings.put("support", CallFixture.callbacks(false, windowPrompts));
        f.queue("support");
        assertThat(f.session.running()).isEqualTo("WAIT FOR DIGIT 5000");
        f.session.reply("200 result=57");
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
    }

    /** The caller confirms their own number, read back to them. */
    private void confirmOwnNumber() {
        assertThat(f.session.running()).isEqualTo("STREAM FILE to-call-this-number \"12\"");
        f.session.reply("200 result=49");
    }

    @Test
    void aCallerTakesACallbackForTheirOwnNumberWhichIsStoredBeforeTheyHearThanks() {
        pressCallbackKey(List.of());
        assertThat(f.routing.told).containsExactly("queued support 0", "held");
        assertThat(f.session.commands()).endsWith("WAIT FOR DIGIT 5000", "SET MUSIC off",
                "STREAM FILE to-call-this-number \"12\"");
        f.clock.advance(Duration.ofSeconds(10));
        confirmOwnNumber();
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_COMMIT);
        assertThat(f.callbacks.tickets).hasSize(1);
        CallbackTicket t = f.callbacks.tickets.get(0);
        assertThat(t.originalCallId()).isEqualTo(CALL_ID);
        assertThat(t.queue()).isEqualTo("support");
        assertThat(t.number()).isEqualTo(CALLER);
        assertThat(t.enqueuedAt()).isEqualTo(START);
        assertThat(t.requestedAt()).isEqualTo(START.plusSeconds(10));
        assertThat(t.notBefore()).isNull();
        // Nothing is said before the commit.
        assertThat(f.session.running()).isNull();

        f.callbacks.commits.poll().complete(new CallbackStore.Accepted("cb-1", false));
        f.session.run();
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        assertThat(f.session.running()).isEqualTo("STREAM FILE auth-thankyou \"\"");
        assertThat(f.result).isNotDone();
        f.session.reply("200 result=0");
        assertThat(f.result).isCompletedWithValue(QueueResult.CALLBACK_ACCEPTED);
        assertThat(f.registry.get(CALL_ID)).isNull();
        // The callback took the held call's place in the core.
        assertThat(f.routing.told).containsExactly("queued support 0", "held");

        f.finish(FlowOutcome.Ending.COMPLETED, true);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(f.counter("acd.callbacks", "stage", "offered")).isEqualTo(1);
    }

    @Test
    void aRequestMergedIntoAPendingCallbackGivesTheCallsPlaceUp() {
        pressCallbackKey(List.of());
        confirmOwnNumber();
        f.callbacks.commits.poll().complete(new CallbackStore.Accepted("cb-0", true));
        f.session.run();
        f.session.reply("200 result=0");
        assertThat(f.result).isCompletedWithValue(QueueResult.CALLBACK_ACCEPTED);
        assertThat(f.routing.told).containsExactly("queued support 0", "held", "hung up");
    }

    @Test
    void aWithheldNumberIsKeyedInAndAnHourChosen() {
        CallFixture anonymous = new CallFixture(null);
        anonymous.callbacks.settings.put("support", CallFixture.callbacks(false, List.of("cb-asap", "cb-hour")));
        anonymous.queue("support");
        anonymous.session.reply("200 result=57");
        assertThat(anonymous.session.running()).isEqualTo("GET DATA vm-enter-num-to-call 8000 20");
        anonymous.session.reply("200 result=123");
        // Too short for the queue's pattern: "invalid", then again.
        assertThat(anonymous.session.running()).isEqualTo("STREAM FILE pbx-invalid \"\"");
        anonymous.session.reply("200 result=0");
        anonymous.session.reply("200 result=5551234");
        assertThat(anonymous.session.running()).isEqualTo("STREAM FILE cb-asap \"0123456789*#\"");
        anonymous.session.reply("200 result=0");
        assertThat(anonymous.session.running()).isEqualTo("GET DATA cb-hour 5000 2");
        anonymous.session.reply("200 result=14");
        assertThat(anonymous.state()).isEqualTo(CallState.CALLBACK_COMMIT);
        CallbackTicket t = anonymous.callbacks.tickets.get(0);
        assertThat(t.number()).isEqualTo("5551234");
        assertThat(t.notBefore()).isEqualTo(Instant.parse("2026-05-04T14:00:00Z"));
    }

    @Test
    void aCallerWhoGivesNoNumberGoesBackToTheirPlace() {
        pressCallbackKey(List.of());
        f.session.reply("200 result=0");
        assertThat(f.session.running()).startsWith("SAY DIGITS 5550123");
        f.session.reply("200 result=0");
        f.session.reply("200 result=7");
        // Asked once more, then no number.
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "held", "resumed");
        assertThat(f.session.commands()).endsWith("SET MUSIC on default", "WAIT FOR DIGIT 5000");
        assertThat(f.callbacks.tickets).isEmpty();
    }

    @Test
    void aCallerWhoHangsUpInTheCallbackDialogIsAbandoned() {
        pressCallbackKey(List.of());
        f.session.callerHangsUp();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "held", "hung up");
        assertThat(f.result).isCompletedExceptionally();
        assertThat(f.callbacks.tickets).isEmpty();
    }

    @Test
    void aHangUpWhileTheCommitIsInFlightLeavesThePlaceToTheStoredCallback() {
        pressCallbackKey(List.of());
        confirmOwnNumber();
        f.session.callerHangsUp();
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_COMMIT);
        assertThat(f.routing.told).containsExactly("queued support 0", "held");

        f.callbacks.commits.poll().complete(new CallbackStore.Accepted("cb-1", false));
        f.session.run();
        assertThat(f.result).isCompletedWithValue(QueueResult.CALLBACK_ACCEPTED);
        assertThat(f.session.commands()).doesNotContain("STREAM FILE auth-thankyou \"\"");
        assertThat(f.routing.told).containsExactly("queued support 0", "held");
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
    }

    @Test
    void aHangUpWhileACommitThatFailsIsInFlightReleasesThePlace() {
        pressCallbackKey(List.of());
        confirmOwnNumber();
        f.session.callerHangsUp();
        f.callbacks.commits.poll().completeExceptionally(new IllegalStateException("database down"));
        f.session.run();
        assertThat(f.state()).isEqualTo(CallState.ENDED);
        assertThat(f.routing.told).containsExactly("queued support 0", "held", "hung up");
        assertThat(f.result).isCompletedExceptionally();
        assertThat(f.counter("acd.callbacks", "stage", "not_stored")).isEqualTo(1);
        f.finish(FlowOutcome.Ending.CALLER_HUNG_UP, true);
        assertThat(f.records.get(0).outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
    }

    @Test
    void whenTheRequestCannotBeStoredTheCallerHearsSorryAndIsBackInLine() {
        pressCallbackKey(List.of());
        confirmOwnNumber();
        f.callbacks.commits.poll().completeExceptionally(new IllegalStateException("database down"));
        f.session.run();
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
        assertThat(f.session.running()).isEqualTo("STREAM FILE sorry-youre-having-problems \"\"");
        f.session.reply("200 result=0");
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
        assertThat(f.routing.told).containsExactly("queued support 0", "held", "resumed");
        assertThat(f.session.running()).isEqualTo("WAIT FOR DIGIT 5000");
        assertThat(f.counter("acd.callbacks", "stage", "not_stored")).isEqualTo(1);
    }

    @Test
    void aCallerAFullQueueTurnsAwayIsOfferedACallbackAndTakesIt() {
        f.callbacks.settings.put("support", CallFixture.callbacks(true, List.of()));
        f.queue("support");
        f.leftUnserved("full");
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
        assertThat(f.session.commands()).endsWith("WAIT FOR DIGIT 5000", "SET MUSIC off",
                "STREAM FILE cb-queue-full \"9\"");
        f.session.reply("200 result=57");
        // The music is off already and the core holds no place to keep.
        assertThat(f.session.commands()).endsWith("STREAM FILE cb-queue-full \"9\"", "NOOP",
                "STREAM FILE to-call-this-number \"12\"");
        confirmOwnNumber();
        f.callbacks.commits.poll().complete(new CallbackStore.Accepted("cb-1", false));
        f.session.run();
        f.session.reply("200 result=0");
        assertThat(f.result).isCompletedWithValue(QueueResult.CALLBACK_ACCEPTED);
        assertThat(f.routing.told).containsExactly("queued support 0");
        assertThat(f.counter("acd.callbacks", "stage", "offered")).isEqualTo(1);
    }

    @Test
    void aCallerAFullQueueTurnsAwayWhoLetsTheOfferPassLeavesUnserved() {
        f.callbacks.settings.put("support", CallFixture.callbacks(true, List.of()));
        f.queue("support");
        f.leftUnserved("full");
        f.session.reply("200 result=0");
        assertThat(f.state()).isEqualTo(CallState.IN_IVR);
        assertThat(f.result).isCompletedWithValue(QueueResult.NOT_SERVED);
    }

    @Test
    void aLongExpectedWaitOffersACallbackOnEntryAndTheKeyDuringTheOfferStartsTheDialog() {
        CallbackOffer offer = new CallbackOffer(60, false, false, false, List.of("cb-long-wait"));
        f.callbacks.settings.put("support", new CallbackSettings("9", null, "PJSIP/{number}@trunk",
                Pattern.compile("[0-9]{7,15}"), 3, Duration.ofMinutes(5), Duration.ofSeconds(30),
                OpeningHours.ALWAYS, offer));
        f.routing.estimate = new WaitEstimate(4, 300, "observed");
        f.queue("support");
        assertThat(f.session.running()).isEqualTo("STREAM FILE cb-long-wait \"9\"");
        f.session.reply("200 result=57");
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
        assertThat(f.routing.told).containsExactly("queued support 0", "held");
        assertThat(f.counter("acd.callbacks", "stage", "offered")).isEqualTo(1);
    }

    @Test
    void aWaitingCallerHearsTheirPositionWhenDueAndTheHoldGoesOn() {
        f.routing.estimate = new WaitEstimate(1, 30, "observed");
        f.queue(new QueueRequest("support", 0, Map.of(), "jazz", Duration.ofSeconds(30), ""));
        assertThat(f.session.commands()).containsExactly("SET MUSIC on jazz", "WAIT FOR DIGIT 5000");
        f.clock.advance(Duration.ofSeconds(30));
        f.session.reply("200 result=0");
        assertThat(f.session.running()).isEqualTo("STREAM FILE queue-youarenext \"\"");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        f.session.reply("200 result=0");
        assertThat(f.session.commands()).containsExactly("SET MUSIC on jazz", "WAIT FOR DIGIT 5000",
                "SET MUSIC off", "STREAM FILE queue-youarenext \"\"", "STREAM FILE queue-holdtime \"\"",
                "SAY NUMBER 1 \"\"", "STREAM FILE queue-minute \"\"", "SET MUSIC on jazz", "WAIT FOR DIGIT 5000");
        assertThat(f.counter("acd.queue.announcements")).isEqualTo(1);
        assertThat(f.state()).isEqualTo(CallState.QUEUED);
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
}
