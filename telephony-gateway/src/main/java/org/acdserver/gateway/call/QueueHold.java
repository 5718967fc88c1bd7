package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.acdserver.flow.CallerHungUpException;

/**
 * A waiting caller's hold: music on (none when the queue step says so, {@link HoldMusic}), then {@code WAIT FOR DIGIT}
 * in slices of {@value #SLICE_MILLIS} ms, broken up by position announcements when the queue step asks for them. It is
 * what the call does while {@link CallState#QUEUED}; it stops as soon as the call leaves that state: every way out
 * (an agent's Dial, music off as the call leaves the queue, a hand-back) is written into the running wait, which ends
 * it at once. The end of a slice is only a check that nothing was missed.
 */
final class QueueHold {

    /**
     * Long, because each slice is an AGI command for Asterisk and the server (1,000 callers waiting in slices of 5 s
     * kept them at 200 commands a second), and nothing waits for its end: a command written into the wait ends it,
     * and {@code AgiConnection} follows one that the wait missed with another line. Finite all the same.
     */
    static final long SLICE_MILLIS = 30_000;

    /** Why a hold ended. */
    enum End {
        /** The caller pressed the callback key. */
        CALLBACK_KEY,
        /** The call is no longer holding (an agent rings, it left the queue). */
        LEFT
    }

    private final AgiPrompter prompter;
    private final CallRouting routing;
    private final CallMetrics metrics;
    private final Clock clock;
    private final Executor loop;
    private final String callId;
    private Duration announceEvery = Duration.ZERO;
    /** When the caller next hears position and expected wait; null when the queue step asks for none. */
    private Instant nextAnnouncement;

    QueueHold(AgiPrompter prompter, CallRouting routing, CallMetrics metrics, Clock clock, Executor loop,
              String callId) {
        this.prompter = prompter;
        this.routing = routing;
        this.metrics = metrics;
        this.clock = clock;
        this.loop = loop;
        this.callId = callId;
    }

    /** Announces position and wait every {@code every} from {@code from} on; {@link Duration#ZERO} for never. */
    void announce(Duration every, Instant from) {
        announceEvery = every;
        nextAnnouncement = every.isZero() ? null : from.plus(every);
    }

    /**
     * Music on, then holds until the callback key (as {@code callbackKey} names it at that moment; null for none) or
     * until {@code holding} turns false. Fails with {@link CallerHungUpException} when the caller hangs up.
     */
    CompletionStage<End> hold(String musicClass, Supplier<String> callbackKey, BooleanSupplier holding) {
        CompletableFuture<End> end = new CompletableFuture<>();
        musicThenWait(musicClass, callbackKey, holding, end);
        return end;
    }

    private void musicThenWait(String musicClass, Supplier<String> callbackKey, BooleanSupplier holding,
                               CompletableFuture<End> end) {
        HoldMusic.on(prompter, musicClass)
                .whenComplete((r, err) -> waitSlice(musicClass, callbackKey, holding, end));
    }

    private void waitSlice(String musicClass, Supplier<String> callbackKey, BooleanSupplier holding,
                           CompletableFuture<End> end) {
        if (!holding.getAsBoolean()) {
            end.complete(End.LEFT);
            return;
        }
        long slice = SLICE_MILLIS;
        if (nextAnnouncement != null) {
            long untilNext = Duration.between(clock.instant(), nextAnnouncement).toMillis();
            if (untilNext <= 0) {
                announcePosition(musicClass, callbackKey, holding, end);
                return;
            }
            slice = Math.min(slice, untilNext);
        }
        prompter.command("WAIT FOR DIGIT " + slice).whenComplete((reply, err) -> {
            if (err != null || reply.result() < 0) {
                end.completeExceptionally(new CallerHungUpException());
            } else if (holding.getAsBoolean() && AgiPrompter.key(reply).equals(callbackKey.get())) {
                end.complete(End.CALLBACK_KEY);
            } else {
                // Another key waits on; a wait ended on purpose by an agent's Dial ends the hold.
                waitSlice(musicClass, callbackKey, holding, end);
            }
        });
    }

    /**
     * Tells the waiting caller their position and expected wait (see {@link PositionAnnouncement}), with the music
     * off for the length of it. The callback key works during it. An offer that arrives meanwhile waits for the
     * announcement to end (a played prompt cannot be cut short the way a wait can), at most a few seconds.
     */
    private void announcePosition(String musicClass, Supplier<String> callbackKey, BooleanSupplier holding,
                                  CompletableFuture<End> end) {
        nextAnnouncement = clock.instant().plus(announceEvery);
        routing.estimate(callId).whenCompleteAsync((estimate, err) -> {
            if (!holding.getAsBoolean()) {
                end.complete(End.LEFT);
                return;
            }
            if (err != null || estimate == null) {
                waitSlice(musicClass, callbackKey, holding, end);
                return;
            }
            metrics.announcements.increment();
            String key = callbackKey.get();
            HoldMusic.off(prompter, musicClass).thenCompose(r -> PositionAnnouncement.play(prompter, estimate, key == null ? "" : key, holding))
                    .whenComplete((pressed, e) -> {
                        if (e != null) {
                            end.completeExceptionally(new CallerHungUpException());
                        } else if (!holding.getAsBoolean()) {
                            end.complete(End.LEFT);
                        } else if (!pressed.isEmpty() && pressed.equals(callbackKey.get())) {
                            end.complete(End.CALLBACK_KEY);
                        } else {
                            musicThenWait(musicClass, callbackKey, holding, end);
                        }
                    });
        }, loop);
    }
}
