package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.acdserver.flow.QueueRequest;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackSlot;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a waiting caller hears and keys in about a callback: the offer (on entering the queue, or when a full queue
 * turns the call away), confirming their own number read back or entering another, the time window, and the commit
 * of the request with its "thank you" or "sorry". It only prompts and stores; {@link CallLife} decides what each
 * answer does to the call's place.
 */
final class CallbackDialog {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDialog.class);
    /** How many times a caller may enter a number that is not accepted before going back to the line. */
    private static final int NUMBER_TRIES = 3;

    /** The number to call back, and when: {@code slot} null for as soon as possible. */
    record Choice(String number, Instant slot) {
    }

    private final AgiPrompter prompter;
    private final CallbackIntake intake;
    private final CallRouting routing;
    private final Clock clock;
    private final Executor loop;
    private final String callId;
    private final String callerNumber;
    /** Whether this call was offered a callback (unasked, or by pressing the key), counted once. */
    private boolean offered;

    CallbackDialog(AgiPrompter prompter, CallbackIntake intake, CallRouting routing, Clock clock, Executor loop,
                   String callId, String callerNumber) {
        this.prompter = prompter;
        this.intake = intake;
        this.routing = routing;
        this.clock = clock;
        this.loop = loop;
        this.callId = callId;
        this.callerNumber = callerNumber;
    }

    /** The key that asks for a callback: the queue step's, else the queue's; null if the queue offers none. */
    String key(String queue, QueueRequest request) {
        CallbackSettings s = intake.settings(queue);
        if (s == null) {
            return null;
        }
        return request != null && !request.callbackKey().isEmpty() ? request.callbackKey() : s.key();
    }

    /**
     * Offers a callback at once when one of the queue's conditions holds (a long expected wait, no agent, closed);
     * the caller may press the key during the offer. Completes with true when the caller pressed it; with false when
     * there was no offer, no key, or the call stopped {@code waiting}; fails when the caller hung up.
     */
    CompletionStage<Boolean> offerOnEntry(String queue, QueueRequest request, BooleanSupplier waiting) {
        CallbackSettings settings = intake.settings(queue);
        if (settings == null || !settings.offer().any()) {
            return CompletableFuture.completedFuture(false);
        }
        boolean open = settings.hours().isOpen(clock.instant());
        CompletableFuture<Boolean> took = new CompletableFuture<>();
        routing.estimate(callId).whenCompleteAsync((estimate, err) -> {
            if (!waiting.getAsBoolean() || err != null || !settings.offer().holds(estimate, open)) {
                took.complete(false);
                return;
            }
            LOG.debug("call {}: offering a callback (estimate {}, open {})", callId, estimate, open);
            offered();
            String key = key(queue, request);
            prompter.stream(settings.offer().prompts(), key).whenComplete((pressed, e) -> {
                if (e != null) {
                    took.completeExceptionally(e);
                } else {
                    took.complete(waiting.getAsBoolean() && pressed.equals(key));
                }
            });
        }, loop);
        return took;
    }

    /** Offers a callback to a caller a full queue turned away; completes with true when the caller pressed the key. */
    CompletionStage<Boolean> offerTurnedAway(CallbackSettings settings, String key) {
        offered();
        return prompter.stream(settings.offer().prompts(), key).thenApply(pressed -> pressed.equals(key));
    }

    /** Counts an offer the caller hears unasked. */
    private void offered() {
        offered = true;
        intake.metrics().offered.increment();
    }

    /** The caller asked by pressing the key: counted as offered unless an offer was counted already. */
    void asked() {
        if (!offered) {
            offered();
        }
    }

    /**
     * Asks for the number: the caller's own read back to confirm, or one keyed in (anonymous or withheld numbers, and
     * numbers the queue would not call, must be keyed in); then the time, when the queue asks for one and the call is
     * still {@code asking}. Completes with the choice, or null when the caller gave no number; fails when the caller
     * hung up.
     *
     * @param musicOn whether hold music plays and must be turned off first
     */
    CompletionStage<Choice> ask(CallbackSettings settings, boolean musicOn, BooleanSupplier asking) {
        String own = callerNumber == null ? "" : callerNumber.trim();
        return prompter.command(musicOn ? "SET MUSIC off" : "NOOP")
                .thenCompose(r -> settings.accepts(own) ? confirmOwn(settings, own, 0)
                        : enterNumber(settings, NUMBER_TRIES))
                .thenCompose(number -> {
                    if (number == null || settings.windowPrompts().isEmpty() || !asking.getAsBoolean()) {
                        return CompletableFuture.completedFuture(number == null ? null : new Choice(number, null));
                    }
                    return askWindow(settings, 1).thenApply(slot -> new Choice(number, slot));
                });
    }

    /** "We will call you at 5 5 5 …: press 1 to confirm, 2 to enter another number." */
    private CompletionStage<String> confirmOwn(CallbackSettings settings, String own, int repeats) {
        return prompter.command("STREAM FILE to-call-this-number \"12\"").thenCompose(r -> r.result() > 0
                        ? CompletableFuture.completedFuture(AgiPrompter.key(r))
                        : prompter.command("SAY DIGITS " + own + " \"12\"").thenCompose(d -> d.result() > 0
                                ? CompletableFuture.completedFuture(AgiPrompter.key(d))
                                : prompter.getData("if-correct-press", 1, Duration.ofSeconds(5))))
                .thenCompose(key -> switch (key) {
                    case "1" -> CompletableFuture.completedFuture(own);
                    case "2" -> enterNumber(settings, NUMBER_TRIES);
                    default -> repeats < 1 ? confirmOwn(settings, own, repeats + 1)
                            : CompletableFuture.completedFuture(null);
                });
    }

    /** The caller keys in a number, ended by # or a pause; it must match the queue's pattern. */
    private CompletionStage<String> enterNumber(CallbackSettings settings, int triesLeft) {
        if (triesLeft == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return prompter.getData("vm-enter-num-to-call", 20, Duration.ofSeconds(8)).thenCompose(digits -> {
            String entered = digits.replace("#", "");
            if (settings.accepts(entered)) {
                return CompletableFuture.completedFuture(entered);
            }
            LOG.info("call {}: entered callback number '{}' is not accepted", callId, entered);
            return prompter.command("STREAM FILE pbx-invalid \"\"")
                    .thenCompose(r -> enterNumber(settings, triesLeft - 1));
        });
    }

    /** "As soon as possible (1), or at which hour (two digits)?"; asks once more after a wrong answer. */
    private CompletionStage<Instant> askWindow(CallbackSettings settings, int retries) {
        List<String> prompts = settings.windowPrompts();
        return prompter.stream(prompts.subList(0, prompts.size() - 1), AgiPrompter.ALL_KEYS)
                .thenCompose(first -> first.isEmpty()
                        ? prompter.getData(prompts.get(prompts.size() - 1), 2, Duration.ofSeconds(5))
                        : prompter.getData("silence/1", 1, Duration.ofSeconds(3)).thenApply(rest -> first + rest))
                .thenCompose(keys -> {
                    try {
                        return CompletableFuture.completedFuture(
                                CallbackSlot.parse(keys, clock.instant(), settings.hours()));
                    } catch (IllegalArgumentException e) {
                        if (retries == 0) {
                            return CompletableFuture.completedFuture(null);
                        }
                        return prompter.command("STREAM FILE pbx-invalid \"\"")
                                .thenCompose(r -> askWindow(settings, retries - 1));
                    }
                });
    }

    /**
     * Commits the request, with the original call's place in line, priority, skills and what the agent is to hear
     * of the caller. Completes (on any thread) once committed; fails if nothing was stored.
     */
    CompletableFuture<CallbackStore.Accepted> store(String queue, QueueRequest request, Instant enqueuedAt,
                                                    Choice choice) {
        Instant now = clock.instant();
        Instant firstDial = intake.firstDial(queue, choice.slot() == null ? now : choice.slot());
        CallbackTicket ticket = new CallbackTicket(UUID.randomUUID().toString(), callId, queue, choice.number(),
                request == null ? 0 : request.priority(), request == null ? Map.of() : request.skills(), enqueuedAt,
                now, firstDial.isAfter(now) ? firstDial : null, request == null ? Map.of() : request.whisper());
        return intake.request(ticket);
    }

    /** "Thank you": the callback is taken. */
    CompletionStage<AgiReply> thank() {
        return prompter.command("STREAM FILE auth-thankyou \"\"");
    }

    /** A request that could not be stored: logged and counted. */
    void notStored(Throwable why) {
        LOG.error("call {}: callback request could not be stored; the caller stays in line", callId, why);
        intake.metrics().notStored.increment();
    }

    /** "Sorry, the callback could not be taken": the caller is to go back to their place. */
    CompletionStage<AgiReply> sorry() {
        return prompter.command("STREAM FILE sorry-youre-having-problems \"\"");
    }
}
