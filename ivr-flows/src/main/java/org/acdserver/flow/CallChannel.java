package org.acdserver.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a flow can do to a live call, asynchronously. The gateway implements it over AGI; tests and the offline
 * simulator implement it with a scripted caller. Every stage completes exceptionally with
 * {@link CallerHungUpException} once the caller has gone.
 */
public interface CallChannel {

    /** Plays prompts in order; a key in {@code escapeDigits} stops playback. Completes with that key, or "". */
    CompletionStage<String> play(List<String> prompts, String escapeDigits);

    /**
     * Plays prompts, any key stopping them, then waits up to {@code timeout} for up to {@code maxDigits} keys
     * ({@code #} ends early). Completes with the keys, or "" when the caller pressed nothing.
     */
    CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout);

    /**
     * As {@link #read(List, int, Duration)}, with {@code leadIn} played first: the prompts of the step just before
     * (a play step, a menu's "please try again"), which a key stops as well. One operation, so that a key pressed
     * between the lead-in and the prompts is not lost; a channel that shows steps apart may play them apart.
     */
    default CompletionStage<String> read(List<String> leadIn, List<String> prompts, int maxDigits,
                                         Duration timeout) {
        if (leadIn.isEmpty()) {
            return read(prompts, maxDigits, timeout);
        }
        List<String> all = new ArrayList<>(leadIn.size() + prompts.size());
        all.addAll(leadIn);
        all.addAll(prompts);
        return read(all, maxDigits, timeout);
    }

    /**
     * Hands the call to a queue; completes when it leaves: connected to an agent and back, a callback accepted in
     * its place, or not served.
     */
    CompletionStage<QueueResult> queue(QueueRequest request);

    /** Plays nothing more and ends the call. */
    CompletionStage<Void> hangup();

    /**
     * Speaks a value in the call's language: a number, digits, a date (ISO {@code yyyy-MM-dd}) or letters. A key in
     * {@code escapeDigits} stops it; completes with that key, or "".
     */
    default CompletionStage<String> say(Prompt.SayKind kind, String value, String escapeDigits) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("say"));
    }

    /** Sets the call's language, which chooses the sound files and how values are spoken. */
    default CompletionStage<Void> language(String language) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("language"));
    }

    /** Records a message for a mailbox after a beep, up to {@code maxLength}; {@code #} or silence ends it. */
    default CompletionStage<Recording> record(String mailbox, Duration maxLength) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("record"));
    }

    /** Sends the call to an extension or outside number; the call leaves the flow when this completes. */
    default CompletionStage<Void> transfer(String destination) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("transfer"));
    }
}
