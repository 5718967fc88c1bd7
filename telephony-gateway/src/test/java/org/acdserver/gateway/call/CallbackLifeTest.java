package org.acdserver.gateway.call;

import static org.acdserver.gateway.call.CallFixture.CALLER;
import static org.acdserver.gateway.call.CallFixture.CALL_ID;
import static org.acdserver.gateway.call.CallFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.store.InteractionOutcome;
import org.junit.jupiter.api.Test;

/** A waiting caller's callback, driven by scripted AGI replies and commits, with no Asterisk and no database. */
class CallbackLifeTest {

    /** The queue hold's wait, one slice long. */
    private static final String QUEUE_WAIT = "WAIT FOR DIGIT " + QueueHold.SLICE_MILLIS;

    private final CallFixture f = new CallFixture();

    /** Queued in a queue with callbacks on key 9; the caller presses it during the hold. */
    private void pressCallbackKey(List<String> windowPrompts) {
        f.callbacks.settings.put("support", CallFixture.callbacks(false, windowPrompts));
        f.queue("support");
        assertThat(f.session.running()).isEqualTo(QUEUE_WAIT);
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
        assertThat(f.session.commands()).endsWith(QUEUE_WAIT, "SET MUSIC off",
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
        assertThat(f.session.commands()).endsWith("SET MUSIC on default", QUEUE_WAIT);
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
        assertThat(f.session.running()).isEqualTo(QUEUE_WAIT);
        assertThat(f.counter("acd.callbacks", "stage", "not_stored")).isEqualTo(1);
    }

    @Test
    void aCallerAFullQueueTurnsAwayIsOfferedACallbackAndTakesIt() {
        f.callbacks.settings.put("support", CallFixture.callbacks(true, List.of()));
        f.queue("support");
        f.leftUnserved("full");
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
        assertThat(f.session.commands()).endsWith(QUEUE_WAIT, "SET MUSIC off",
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
                Schedule.ALWAYS, offer));
        f.routing.estimate = new WaitEstimate(4, 300, "observed");
        f.queue("support");
        assertThat(f.session.running()).isEqualTo("STREAM FILE cb-long-wait \"9\"");
        f.session.reply("200 result=57");
        assertThat(f.state()).isEqualTo(CallState.CALLBACK_DIALOG);
        assertThat(f.routing.told).containsExactly("queued support 0", "held");
        assertThat(f.counter("acd.callbacks", "stage", "offered")).isEqualTo(1);
    }
}
