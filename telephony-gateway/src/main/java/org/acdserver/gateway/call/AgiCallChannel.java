package org.acdserver.gateway.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.CallChannel;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.Prompt;
import org.acdserver.flow.Recording;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackSlot;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live call: the flow's {@link CallChannel} implemented with AGI commands, and the call's life in a queue.
 *
 * <p>All state is touched only on the AGI session's event loop; calls from the routing thread and the AMI client hop
 * onto it. While queued, the caller hears music under {@code WAIT FOR DIGIT} (in slices of a few seconds); when the core picks an agent, a
 * {@code Dial} to the agent's endpoint is written at once, which ends the wait (Asterisk answers the wait with
 * {@code 200 result=1}) without any polling. Dial keeps the caller on music while the agent's phone rings and bridges
 * the two the moment the agent answers; its {@code g} option hands the caller back to the flow when the agent hangs
 * up. A leg that rings out, is busy or unreachable goes back to the core, which puts the call back at its place.
 */
public final class AgiCallChannel implements CallChannel, QueuedCall {

    private static final Logger LOG = LoggerFactory.getLogger(AgiCallChannel.class);
    private static final String ALL_KEYS = "0123456789*#";
    private static final int HOLD_SLICE_MILLIS = 5_000;
    /** The dialplan context transfers continue in (see config/asterisk/extensions_acd.conf). */
    private static final String TRANSFER_CONTEXT = "acd-transfer";

    /** Where the call is in its queue life. */
    private enum QueueState { NONE, WAITING, CALLBACK_DIALOG, RINGING, TALKING, LEFT }

    /** How many times a caller may enter a number that is not accepted before going back to the line. */
    private static final int NUMBER_TRIES = 3;

    private final AgiSession session;
    private final CallServices services;
    private final String callId;
    private final String callerNumber;
    private final Instant startedAt;

    private QueueState queueState = QueueState.NONE;
    private CompletableFuture<QueueResult> queueResult;
    private String queue;
    private QueueRequest queueRequest;
    private String agent;
    private RoutingDecision offer;
    private Instant enqueuedAt;
    /** When the caller next hears position and expected wait; null when the queue step asks for none. */
    private Instant nextAnnouncement;
    private Instant answeredAt;
    private Instant ringingSince;
    private Instant leftQueueAt;
    private volatile long queuedAtNanos;
    private long answeredMicros;
    private Double talkSeconds;
    private boolean recorded;
    /** Set once a callback request of this call is committed: the call's record says "callback requested". */
    private boolean callbackAccepted;
    /** While the callback request is being committed: a hang-up now must not take the held call's place away. */
    private boolean committing;
    private boolean hungUpWhileCommitting;
    /** Whether this call was offered a callback (unasked, or by pressing the key), counted once. */
    private boolean offered;
    /** False once the core turned the call away (full queue): a callback then has no place in line to take over. */
    private boolean inLine = true;

    public AgiCallChannel(AgiSession session, CallServices services) {
        this.session = session;
        this.services = services;
        this.callId = session.request().uniqueId();
        this.callerNumber = session.request().callerIdNum();
        this.startedAt = services.clock().instant();
        session.hangup().whenComplete((x, err) -> session.eventLoop().execute(this::callerGone));
    }

    @Override
    public String callId() {
        return callId;
    }

    // ---- CallChannel: the flow's view -------------------------------------------------------------------------

    @Override
    public CompletionStage<String> play(List<String> prompts, String escapeDigits) {
        return streamFrom(prompts, 0, escapeDigits);
    }

    private CompletionStage<String> streamFrom(List<String> prompts, int index, String escapeDigits) {
        if (index >= prompts.size()) {
            return CompletableFuture.completedFuture("");
        }
        return command("STREAM FILE " + prompts.get(index) + " \"" + escapeDigits + "\"").thenCompose(reply -> {
            int result = reply.result();
            if (result > 0) {
                return CompletableFuture.completedFuture(String.valueOf((char) result));
            }
            if (result < 0) {
                // -1 also means "no such prompt"; a dead channel shows itself on the next command.
                LOG.warn("call {}: prompt {} could not be played", callId, prompts.get(index));
            }
            return streamFrom(prompts, index + 1, escapeDigits);
        });
    }

    @Override
    public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        if (prompts.isEmpty()) {
            return getData("silence/1", maxDigits, timeout);
        }
        return streamFrom(prompts.subList(0, prompts.size() - 1), 0, ALL_KEYS).thenCompose(key -> {
            if (key.isEmpty()) {
                return getData(prompts.get(prompts.size() - 1), maxDigits, timeout);
            }
            if (maxDigits <= 1 || "#".equals(key)) {
                return CompletableFuture.completedFuture(key);
            }
            return getData("silence/1", maxDigits - 1, timeout).thenApply(rest -> key + rest);
        });
    }

    private CompletionStage<String> getData(String prompt, int maxDigits, Duration timeout) {
        return command("GET DATA " + prompt + " " + timeout.toMillis() + " " + maxDigits).thenApply(reply -> {
            String digits = resultText(reply);
            if ("-1".equals(digits)) {
                throw new CallerHungUpException();
            }
            return digits;
        });
    }

    @Override
    public CompletionStage<Void> hangup() {
        return command("HANGUP").handle((r, err) -> null);
    }

    @Override
    public CompletionStage<String> say(Prompt.SayKind kind, String value, String escapeDigits) {
        String v = value == null ? "" : value.strip();
        String command = switch (kind) {
            case NUMBER -> v.matches("-?[0-9]{1,15}") ? "SAY NUMBER " + v : null;
            case DIGITS -> v.matches("[0-9*#]{1,64}") ? "SAY DIGITS " + v : null;
            case ALPHA -> v.matches("[A-Za-z0-9]{1,64}") ? "SAY ALPHA " + v : null;
            case DATE -> sayDate(v);
            case CURRENCY -> null; // The flow speaks amounts as a number and unit prompts.
        };
        if (command == null) {
            // Caller data of the wrong shape is skipped, never written into a command line.
            LOG.warn("call {}: cannot say {} '{}'", callId, kind, v);
            return CompletableFuture.completedFuture("");
        }
        return command(command + " \"" + escapeDigits + "\"").thenApply(reply -> {
            int result = reply.result();
            if (result < 0) {
                throw new CompletionException(new CallerHungUpException());
            }
            return result > 0 ? String.valueOf((char) result) : "";
        });
    }

    private static String sayDate(String isoDate) {
        try {
            // Noon UTC: the date stays the same in every time zone Asterisk may speak it in.
            long epoch = java.time.LocalDate.parse(isoDate).atTime(12, 0).toEpochSecond(java.time.ZoneOffset.UTC);
            return "SAY DATE " + epoch;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public CompletionStage<Void> language(String language) {
        if (!language.matches("[a-z]{2}(_[A-Za-z]{2,})?")) {
            return CompletableFuture.completedFuture(null);
        }
        return command("SET VARIABLE CHANNEL(language) " + language).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Recording> record(String mailbox, Duration maxLength) {
        String box = mailbox.replaceAll("[^A-Za-z0-9_-]", "_");
        // Relative names land in Asterisk's sounds directory, which always exists.
        String file = "acd-voicemail-" + box + "-" + callId.replaceAll("[^A-Za-z0-9_-]", "-");
        return command("RECORD FILE " + file + " wav \"#\" " + maxLength.toMillis() + " BEEP s=5")
                .thenApply(reply -> {
                    if (reply.result() < 0) {
                        throw new CompletionException(new CallerHungUpException());
                    }
                    // endpos counts 8 kHz samples.
                    double seconds = reply.endpos() > 0 ? reply.endpos() / 8000.0 : 0;
                    return new Recording(mailbox, file, "wav", seconds);
                });
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        // The AGI step ends after this and the dialplan goes on at the destination in the transfer context.
        return command("SET CONTEXT " + TRANSFER_CONTEXT)
                .thenCompose(r -> command("SET EXTENSION " + destination))
                .thenCompose(r -> command("SET PRIORITY 1")).thenApply(r -> null);
    }

    @Override
    public CompletionStage<QueueResult> queue(QueueRequest request) {
        queue = request.queue();
        queueRequest = request;
        enqueuedAt = services.clock().instant();
        queuedAtNanos = System.nanoTime();
        queueResult = new CompletableFuture<>();
        queueState = QueueState.WAITING;
        nextAnnouncement = request.announceEvery().isZero() ? null : enqueuedAt.plus(request.announceEvery());
        services.registry().add(this);
        services.metrics().callsQueued.increment();
        services.core().callQueued(callId, queue, request.priority(), request.skills());
        offerCallbackThenHold();
        return queueResult;
    }

    // ---- QueuedCall: the routing and AMI view ------------------------------------------------------------------

    @Override
    public void connect(RoutingDecision decision) {
        session.eventLoop().execute(() -> ringAgent(decision));
    }

    @Override
    public void agentAnswered(long asteriskMicros) {
        session.eventLoop().execute(() -> {
            if (queueState != QueueState.RINGING || offer == null) {
                return;
            }
            queueState = QueueState.TALKING;
            answeredAt = services.clock().instant();
            answeredMicros = asteriskMicros;
            services.core().offerAnswered(callId, offer.agentId());
        });
    }

    @Override
    public void bridged(long asteriskMicros) {
        session.eventLoop().execute(() -> {
            if (answeredMicros > 0 && asteriskMicros >= answeredMicros) {
                services.metrics().recordAnswerToBridge(asteriskMicros - answeredMicros);
                answeredMicros = 0;
            }
        });
    }

    @Override
    public long queuedAtNanos() {
        return queuedAtNanos;
    }

    @Override
    public void channelHungUp() {
        session.eventLoop().execute(this::callerGone);
    }

    @Override
    public void routingFailed() {
        session.eventLoop().execute(() -> {
            if (queueState == QueueState.WAITING) {
                LOG.info("call {}: left queue {} unserved; going on with the flow", callId, queue);
                // Interrupt the hold first: once the flow queues its next command, the wait can no longer be cut.
                session.interruptWith("SET MUSIC off");
                leaveQueue(QueueResult.NOT_SERVED);
            }
        });
    }

    @Override
    public void leftUnserved(String reason) {
        session.eventLoop().execute(() -> {
            CallbackSettings settings = services.callbacks().settings(queue);
            if (queueState != QueueState.WAITING || !"full".equals(reason) || settings == null
                    || !settings.offer().full()) {
                routingFailed();
                return;
            }
            // Turned away by a full queue: offered a callback instead, which waits at the end of the line.
            LOG.info("call {}: queue {} is full; offering a callback", callId, queue);
            queueState = QueueState.CALLBACK_DIALOG;
            inLine = false;
            offered = true;
            services.callbacks().metrics().offered.increment();
            session.interruptWith("SET MUSIC off");
            streamFrom(settings.offer().prompts(), 0, callbackKey()).whenComplete((key, e) -> {
                if (e != null) {
                    callerGone();
                } else if (queueState == QueueState.CALLBACK_DIALOG && key.equals(callbackKey())) {
                    callbackDialog();
                } else if (queueState == QueueState.CALLBACK_DIALOG) {
                    leaveQueue(QueueResult.NOT_SERVED);
                }
            });
        });
    }

    // ---- queue life ---------------------------------------------------------------------------------------------

    private void holdMusic() {
        command("SET MUSIC on " + musicClass()).whenComplete((r, err) -> waitForConnect());
    }

    /**
     * Holds the caller until the core connects it; the callback key starts the callback dialog, other keys wait on.
     * When the queue step asks for announcements, the wait is cut into slices that end when the next one is due.
     */
    private void waitForConnect() {
        if (queueState != QueueState.WAITING) {
            return;
        }
        // Finite, so that an interrupt Asterisk failed to notice costs at most this long (see AgiConnection).
        long slice = HOLD_SLICE_MILLIS;
        if (nextAnnouncement != null) {
            long untilNext = Duration.between(services.clock().instant(), nextAnnouncement).toMillis();
            if (untilNext <= 0) {
                announcePosition();
                return;
            }
            slice = Math.min(slice, untilNext);
        }
        command("WAIT FOR DIGIT " + slice).whenComplete((reply, err) -> {
            if (err != null || reply.result() < 0) {
                callerGone();
            } else if (queueState == QueueState.WAITING && reply.result() > 0
                    && String.valueOf((char) reply.result()).equals(callbackKey())) {
                callbackDialog();
            } else if (queueState == QueueState.WAITING) {
                waitForConnect();
            }
            // Otherwise the wait was interrupted on purpose by ringAgent.
        });
    }

    /**
     * Tells the waiting caller their position and expected wait, as Asterisk's own queue prompts say it ("you are now
     * first in line" or "there are N calls waiting", then "the estimated hold time is M minutes"), with the music off
     * for the length of it. The callback key works during it. An offer that arrives meanwhile waits for the
     * announcement to end (a played prompt cannot be cut short the way a wait can), at most a few seconds.
     */
    private void announcePosition() {
        nextAnnouncement = services.clock().instant().plus(queueRequest.announceEvery());
        services.core().estimate(callId).whenCompleteAsync((estimate, err) -> {
            if (queueState != QueueState.WAITING) {
                return;
            }
            if (err != null || estimate == null) {
                waitForConnect();
                return;
            }
            services.metrics().announcements.increment();
            String keys = callbackKey() == null ? "" : callbackKey();
            command("SET MUSIC off")
                    .thenCompose(r -> announcement(PositionAnnouncement.of(estimate), 0, keys))
                    .whenComplete((key, e) -> {
                        if (e != null) {
                            callerGone();
                        } else if (queueState == QueueState.WAITING && !key.isEmpty() && key.equals(callbackKey())) {
                            callbackDialog();
                        } else if (queueState == QueueState.WAITING) {
                            holdMusic();
                        }
                    });
        }, session.eventLoop());
    }

    /** Runs the announcement's commands in order until one is cut short by a key, which it completes with. */
    private CompletionStage<String> announcement(List<String> commands, int index, String keys) {
        if (index >= commands.size() || queueState != QueueState.WAITING) {
            return CompletableFuture.completedFuture("");
        }
        return command(commands.get(index) + " \"" + keys + "\"").thenCompose(reply -> reply.result() > 0
                ? CompletableFuture.completedFuture(String.valueOf((char) reply.result()))
                : announcement(commands, index + 1, keys));
    }

    private String musicClass() {
        return queueRequest != null && queueRequest.musicClass() != null ? queueRequest.musicClass()
                : services.musicClass();
    }

    // ---- callback dialog ----------------------------------------------------------------------------------------

    /**
     * Offers a callback at once when one of the queue's conditions holds (a long expected wait, no agent, closed);
     * the caller may press the key during the offer. Then the usual hold.
     */
    private void offerCallbackThenHold() {
        CallbackSettings settings = services.callbacks().settings(queue);
        if (settings == null || !settings.offer().any()) {
            holdMusic();
            return;
        }
        boolean open = settings.hours().isOpen(services.clock().instant());
        services.core().estimate(callId).whenCompleteAsync((estimate, err) -> {
            if (queueState != QueueState.WAITING) {
                return;
            }
            if (err != null || !settings.offer().holds(estimate, open)) {
                holdMusic();
                return;
            }
            LOG.debug("call {}: offering a callback (estimate {}, open {})", callId, estimate, open);
            offered = true;
            services.callbacks().metrics().offered.increment();
            streamFrom(settings.offer().prompts(), 0, callbackKey()).whenComplete((key, e) -> {
                if (e != null) {
                    callerGone();
                } else if (queueState == QueueState.WAITING && key.equals(callbackKey())) {
                    callbackDialog();
                } else if (queueState == QueueState.WAITING) {
                    holdMusic();
                }
            });
        }, session.eventLoop());
    }

    /** The key that asks for a callback: the queue step's, else the queue's; null if the queue offers none. */
    private String callbackKey() {
        CallbackSettings s = services.callbacks().settings(queue);
        if (s == null) {
            return null;
        }
        return queueRequest != null && !queueRequest.callbackKey().isEmpty() ? queueRequest.callbackKey() : s.key();
    }

    /**
     * The caller pressed the callback key. The call leaves the line keeping its place while the caller confirms their
     * own number (read back) or enters another; the request is committed before the caller hears the
     * confirmation. If the caller gives no number, or the commit fails, the call goes back to its place.
     */
    private void callbackDialog() {
        boolean wasWaiting = queueState == QueueState.WAITING;
        queueState = QueueState.CALLBACK_DIALOG;
        if (!offered) {
            offered = true;
            services.callbacks().metrics().offered.increment();
        }
        if (wasWaiting) {
            services.core().callHeld(callId);
        }
        CallbackSettings settings = services.callbacks().settings(queue);
        // Music is off already when the offer came with the call turned away.
        String musicOff = wasWaiting ? "SET MUSIC off" : "NOOP";
        String own = callerNumber == null ? "" : callerNumber.trim();
        // Anonymous or withheld numbers, and numbers the queue would not call, must enter one.
        command(musicOff).thenCompose(r -> settings.accepts(own) ? confirmOwn(settings, own, 0)
                : enterNumber(settings, NUMBER_TRIES)).thenAccept(chosen -> {
            if (queueState != QueueState.CALLBACK_DIALOG) {
                return;
            }
            if (chosen == null) {
                backInLine();
            } else if (settings.windowPrompts().isEmpty()) {
                commitCallback(settings, chosen, null);
            } else {
                askWindow(settings, 1).thenAccept(slot -> commitCallback(settings, chosen, slot))
                        .exceptionally(err -> {
                            callerGone();
                            return null;
                        });
            }
        }).exceptionally(err -> {
            callerGone();
            return null;
        });
    }

    /** "We will call you at 5 5 5 …: press 1 to confirm, 2 to enter another number." */
    private CompletionStage<String> confirmOwn(CallbackSettings settings, String own, int repeats) {
        return command("STREAM FILE to-call-this-number \"12\"").thenCompose(r -> r.result() > 0
                        ? CompletableFuture.completedFuture(String.valueOf((char) r.result()))
                        : command("SAY DIGITS " + own + " \"12\"").thenCompose(d -> d.result() > 0
                                ? CompletableFuture.completedFuture(String.valueOf((char) d.result()))
                                : getData("if-correct-press", 1, Duration.ofSeconds(5))))
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
        return getData("vm-enter-num-to-call", 20, Duration.ofSeconds(8)).thenCompose(digits -> {
            String entered = digits.replace("#", "");
            if (settings.accepts(entered)) {
                return CompletableFuture.completedFuture(entered);
            }
            LOG.info("call {}: entered callback number '{}' is not accepted", callId, entered);
            return command("STREAM FILE pbx-invalid \"\"").thenCompose(r -> enterNumber(settings, triesLeft - 1));
        });
    }

    /** "As soon as possible (1), or at which hour (two digits)?"; asks once more after a wrong answer. */
    private CompletionStage<Instant> askWindow(CallbackSettings settings, int retries) {
        List<String> prompts = settings.windowPrompts();
        return streamFrom(prompts.subList(0, prompts.size() - 1), 0, ALL_KEYS).thenCompose(first -> first.isEmpty()
                        ? getData(prompts.get(prompts.size() - 1), 2, Duration.ofSeconds(5))
                        : getData("silence/1", 1, Duration.ofSeconds(3)).thenApply(rest -> first + rest))
                .thenCompose(keys -> {
                    try {
                        return CompletableFuture.completedFuture(
                                CallbackSlot.parse(keys, services.clock().instant(), settings.hours()));
                    } catch (IllegalArgumentException e) {
                        if (retries == 0) {
                            return CompletableFuture.completedFuture(null);
                        }
                        return command("STREAM FILE pbx-invalid \"\"").thenCompose(r -> askWindow(settings,
                                retries - 1));
                    }
                });
    }

    private void commitCallback(CallbackSettings settings, String number, Instant slot) {
        Instant now = services.clock().instant();
        Instant firstDial = services.callbacks().firstDial(queue, slot == null ? now : slot);
        CallbackTicket ticket = new CallbackTicket(java.util.UUID.randomUUID().toString(), callId, queue, number,
                queueRequest == null ? 0 : queueRequest.priority(),
                queueRequest == null ? java.util.Map.of() : queueRequest.skills(), enqueuedAt, now,
                firstDial.isAfter(now) ? firstDial : null,
                queueRequest == null ? java.util.Map.of() : queueRequest.whisper());
        committing = true;
        services.callbacks().request(ticket).whenCompleteAsync((accepted, err) -> {
            committing = false;
            if (err != null) {
                LOG.error("call {}: callback request could not be stored; the caller stays in line", callId, err);
                services.callbacks().metrics().notStored.increment();
                if (hungUpWhileCommitting) {
                    callerGone();
                    return;
                }
                // "Sorry, the callback could not be taken": the caller is back at their place.
                command("STREAM FILE sorry-youre-having-problems \"\"").whenComplete((r, e) -> backInLine());
                return;
            }
            callbackAccepted = true;
            if (accepted.merged()) {
                // The pending callback keeps its own place; this call's place is given up.
                services.core().callerHungUp(callId);
            }
            leftQueueAt = services.clock().instant();
            if (hungUpWhileCommitting) {
                leaveQueueAfterCallback();
                return;
            }
            command("STREAM FILE auth-thankyou \"\"").whenComplete((r, e) -> leaveQueueAfterCallback());
        }, session.eventLoop());
    }

    private void leaveQueueAfterCallback() {
        if (queueState == QueueState.CALLBACK_DIALOG) {
            leaveQueue(QueueResult.CALLBACK_ACCEPTED);
        }
    }

    /** No callback after all: the call goes back to its place in line, on music. */
    private void backInLine() {
        if (queueState != QueueState.CALLBACK_DIALOG || session.hungUp()) {
            callerGone();
            return;
        }
        if (!inLine) {
            // Turned away by a full queue: there is no place to go back to; the flow goes on past the queue.
            leaveQueue(QueueResult.NOT_SERVED);
            return;
        }
        queueState = QueueState.WAITING;
        services.core().callResumed(callId);
        holdMusic();
    }

    private void ringAgent(RoutingDecision decision) {
        if (queueState != QueueState.WAITING || session.hungUp()) {
            services.core().offerFailed(decision.callId(), decision.agentId(), OfferFailure.CALLER_GONE);
            return;
        }
        queueState = QueueState.RINGING;
        ringingSince = services.clock().instant();
        offer = decision;
        agent = decision.agentId();
        LOG.debug("call {}: ringing {} ({}), candidates {}", callId, decision.agentId(), decision.strategy(),
                decision.candidates());
        String dial = "EXEC Dial " + decision.endpoint() + "," + decision.ringTimeoutSeconds() + ",gm("
                + musicClass() + ")";
        session.interruptWith(dial).whenComplete((reply, err) -> {
            if (err != null || reply.channelDead()) {
                callerGone();
                return;
            }
            dialEnded(decision, reply.result() < 0);
        });
    }

    private void dialEnded(RoutingDecision decision, boolean callerHungUp) {
        command("GET VARIABLE DIALSTATUS").thenApply(status -> {
            String dialStatus = status.data() == null ? "" : status.data();
            if ("ANSWER".equals(dialStatus)) {
                agentLegDone();
            } else if (callerHungUp || "CANCEL".equals(dialStatus)) {
                callerGone();
            } else {
                legFailed(decision, dialStatus);
            }
            return null;
        }).whenComplete((x, err) -> {
            if (err != null) {
                // Variables cannot be read on a dead channel: what AMI told us decides.
                if (queueState == QueueState.TALKING) {
                    agentLegDone();
                } else {
                    callerGone();
                }
            }
        });
    }

    private void agentLegDone() {
        if (queueState != QueueState.RINGING && queueState != QueueState.TALKING) {
            return;
        }
        Instant now = services.clock().instant();
        if (answeredAt == null) {
            // The manager connection did not report the answer (it was down). Dial's ANSWEREDTIME cannot stand in:
            // on a caller channel that was answered before the Dial it measures from the caller's answer. The
            // start of ringing is the best bound we have; the record overstates talk time by the ring time.
            answeredAt = ringingSince;
            services.core().offerAnswered(callId, offer.agentId());
        }
        talkSeconds = Duration.between(answeredAt, now).toMillis() / 1000.0;
        services.core().callEnded(callId);
        leaveQueue(QueueResult.CONNECTED);
    }

    private void legFailed(RoutingDecision decision, String dialStatus) {
        OfferFailure failure = switch (dialStatus) {
            case "BUSY" -> OfferFailure.BUSY;
            case "CHANUNAVAIL", "CONGESTION" -> OfferFailure.UNAVAILABLE;
            default -> OfferFailure.NO_ANSWER;
        };
        LOG.info("call {}: agent {} did not take the call ({}); back to its place in queue {}", callId,
                decision.agentId(), dialStatus, queue);
        services.metrics().offersNotAnswered.increment();
        queueState = QueueState.WAITING;
        offer = null;
        agent = null;
        services.core().offerFailed(callId, decision.agentId(), failure);
        holdMusic();
    }

    /** The caller hung up (or the AGI connection closed) while anywhere in the queue. */
    private void callerGone() {
        if (queueState == QueueState.NONE || queueState == QueueState.LEFT) {
            return;
        }
        if (committing) {
            // The commit decides: a stored callback takes the held call's place, a failed one releases it.
            hungUpWhileCommitting = true;
            return;
        }
        if (callbackAccepted) {
            leaveQueueAfterCallback();
            return;
        }
        if (queueState == QueueState.TALKING) {
            agentLegDone();
            return;
        }
        services.core().callerHungUp(callId);
        queueState = QueueState.LEFT;
        leftQueueAt = services.clock().instant();
        services.registry().remove(this);
        queueResult.completeExceptionally(new CallerHungUpException());
    }

    private void leaveQueue(QueueResult result) {
        queueState = QueueState.LEFT;
        leftQueueAt = services.clock().instant();
        services.registry().remove(this);
        queueResult.complete(result);
    }

    // ---- the record ---------------------------------------------------------------------------------------------

    /** Writes the call's one interaction record; later calls do nothing. */
    public void finish(FlowOutcome outcome) {
        if (recorded) {
            return;
        }
        recorded = true;
        if (queueState == QueueState.WAITING || queueState == QueueState.RINGING
                || queueState == QueueState.CALLBACK_DIALOG) {
            callerGone();
        }
        Instant endedAt = services.clock().instant();
        InteractionOutcome result = outcomeOf(outcome);
        Double waitSeconds = null;
        if (enqueuedAt != null) {
            Instant waitEnd = answeredAt != null ? answeredAt : leftQueueAt != null ? leftQueueAt : endedAt;
            waitSeconds = Duration.between(enqueuedAt, waitEnd).toMillis() / 1000.0;
            services.metrics().queueWait.record(Duration.between(enqueuedAt, waitEnd));
        }
        count(result);
        if (result == InteractionOutcome.ANSWERED || result == InteractionOutcome.ABANDONED_IN_QUEUE) {
            services.metrics().queueCallEnded(queue, result == InteractionOutcome.ANSWERED, waitSeconds);
        }
        services.recorder().record(new InteractionRecord(callId, callerNumber, outcome.flow(), outcome.path(),
                outcome.lastStep(), queue, answeredAt == null ? null : agent, startedAt, enqueuedAt, answeredAt,
                endedAt, waitSeconds, answeredAt == null ? null : talkSeconds, result, outcome.survey(),
                outcome.transferredTo()));
    }

    private InteractionOutcome outcomeOf(FlowOutcome outcome) {
        if (answeredAt != null) {
            return InteractionOutcome.ANSWERED;
        }
        if (callbackAccepted) {
            return InteractionOutcome.CALLBACK_REQUESTED;
        }
        return switch (outcome.ending()) {
            case CALLER_HUNG_UP -> outcome.queued() ? InteractionOutcome.ABANDONED_IN_QUEUE
                    : InteractionOutcome.ABANDONED_IN_IVR;
            case COMPLETED -> outcome.queued() ? InteractionOutcome.NO_AGENT : InteractionOutcome.SELF_SERVICE;
            case FAILED -> InteractionOutcome.FAILED;
            case TRANSFERRED -> InteractionOutcome.TRANSFERRED;
        };
    }

    private void count(InteractionOutcome outcome) {
        CallMetrics m = services.metrics();
        switch (outcome) {
            case ANSWERED -> m.answered.increment();
            case ABANDONED_IN_QUEUE -> m.abandonedInQueue.increment();
            case ABANDONED_IN_IVR -> m.abandonedInIvr.increment();
            case NO_AGENT -> m.notServed.increment();
            case CALLBACK_REQUESTED -> m.callbackRequested.increment();
            case SELF_SERVICE -> m.selfService.increment();
            default -> m.failed.increment();
        }
    }

    // ---- AGI plumbing -------------------------------------------------------------------------------------------

    /** Sends a command; a dead channel or a closed connection becomes {@link CallerHungUpException}. */
    private CompletableFuture<AgiReply> command(String line) {
        return session.send(line).handle((reply, err) -> {
            if (err != null) {
                throw new CompletionException(new CallerHungUpException());
            }
            if (reply.channelDead()) {
                throw new CompletionException(new CallerHungUpException());
            }
            return reply;
        });
    }

    /** The raw text after {@code result=}, since GET DATA returns keys such as {@code *5} that are no number. */
    static String resultText(AgiReply reply) {
        String line = reply.lines().isEmpty() ? "" : reply.lines().get(0);
        int at = line.indexOf("result=");
        if (at < 0) {
            return "";
        }
        int end = line.indexOf(' ', at);
        return end < 0 ? line.substring(at + 7) : line.substring(at + 7, end);
    }
}
