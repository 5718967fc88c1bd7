package org.acdserver.gateway.callback;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.InteractionRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places callbacks, agent first. When the core reserves an agent for a callback, the callback is marked reserved in
 * the store and the agent's phone is rung with an AMI Originate into the {@code acd-callback} context. When the agent
 * answers, that context runs the {@value #SCRIPT} AGI script: the agent hears the queue and the customer's number,
 * the customer dial is claimed in the store (exactly once: only the claim that moves the row may dial), and the
 * customer is dialed from the agent's channel with the queue's caller id, which bridges the two when the customer
 * answers. The outcome is stored, and the agent is freed at once when the customer cannot be reached.
 *
 * <p>Exactly once, also across a crash of this server: the claim is committed before the dial, and the dial is
 * placed with AGI {@code GOSUB} into the {@value #DIAL_SUBROUTINE} dialplan subroutine, which first writes the
 * witness {@code acd-callback/<callback id> = <agent leg id>} into Asterisk's database and then dials. A restarted
 * server finds the claimed row and asks Asterisk for the witness ({@link DialWitness}): present, the dial started and
 * is not repeated; absent, it never started and the callback is dialed once. The witness is deleted once the
 * attempt's outcome is stored. Caveat: an Asterisk restart between the witness and the Dial leaves a witness of a
 * dial that never happened; that callback is flagged {@code dialed_before_restart}, not dialed.
 *
 * <p>Outages are not the agent's fault. When the database or the manager link is away, so that the callback cannot
 * be reserved, its agent leg cannot be placed, or its dial cannot be claimed, the agent is ready again at once for
 * live calls and the callback keeps its place, offered again after a backoff ({@link OutageBackoff}: 1 s doubling
 * to the queue's {@code outageRetrySeconds}, 15 s by default) until the dependency is back. An agent who answers and
 * hangs up during the whisper declined the offer: the queue's no-answer pause applies and the next agent is tried.
 * The whisper is played a command at a time, so that customer data of any length is heard whole.
 *
 * <p>Threads: {@link #dial} runs on the routing thread and only hands over; store work runs on the JDBC executor;
 * AGI work on the leg's event loop.
 */
public final class CallbackDialer implements AgiScript, AutoCloseable {

    /** The AGI script name the {@code acd-callback} context runs. */
    public static final String SCRIPT = "callback-leg";
    /** The dialplan context of the subroutine that writes a dial's witness and dials the customer. */
    static final String DIAL_SUBROUTINE = "acd-callback-dial";
    /** How much longer than the ring time the agent leg may take to start before it counts as unanswered. */
    private static final Duration START_SLACK = Duration.ofSeconds(4);
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDialer.class);

    /** A ringing or answered agent leg of a callback. */
    private static final class Leg {
        final RoutingDecision decision;
        final CallbackTicket ticket;
        final CallbackSettings settings;
        final AtomicBoolean settled = new AtomicBoolean();
        final Instant ringingSince;
        /** The unique id the agent leg's channel gets (the Originate's ChannelId), which its AGI request carries. */
        final String channelId = "cbleg-" + UUID.randomUUID();

        Leg(RoutingDecision decision, CallbackTicket ticket, CallbackSettings settings, Instant ringingSince) {
            this.decision = decision;
            this.ticket = ticket;
            this.settings = settings;
            this.ringingSince = ringingSince;
        }
    }

    private final CallbackDesk desk;
    private final RoutingCore core;
    private final AmiClient ami;
    private final ExecutorService jdbc;
    private final ScheduledExecutorService timers;
    private final InteractionRecorder recorder;
    private final Clock clock;
    private final Map<String, Leg> legs = new ConcurrentHashMap<>();
    private final OutageBackoff backoff = new OutageBackoff(Duration.ofSeconds(1));
    /** Set when the server shuts down: no agent is rung and no customer dialed from then on. */
    private volatile boolean closing;

    public CallbackDialer(CallbackDesk desk, RoutingCore core, AmiClient ami, ExecutorService jdbc,
                          ScheduledExecutorService timers, InteractionRecorder recorder, Clock clock) {
        this.desk = desk;
        this.core = core;
        this.ami = ami;
        this.jdbc = jdbc;
        this.timers = timers;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * The core reserved an agent for a callback: reserve it in the store, then ring the agent. Without the manager
     * link or the database the dial is put off (see {@link #deferred}) and the agent is ready again at once.
     */
    public void dial(RoutingDecision decision) {
        if (closing) {
            // The server is stopping: the callback stays pending in the store, and the next start dials it.
            LOG.info("callback {} not dialed: the server is shutting down", decision.callId());
            return;
        }
        // Off the routing thread before anything else: a deferral publishes to the core again.
        jdbc.execute(() -> {
            String id = decision.callId();
            if (!ami.isBooted()) {
                deferred(decision, ami.isConnected() ? "Asterisk is still starting (not fully booted)"
                        : "the Asterisk manager link is down");
                return;
            }
            try {
                CallbackSettings settings = desk.settings(decision.queue());
                CallbackTicket ticket = desk.store().ticket(id).orElse(null);
                if (settings == null || ticket == null || !(desk.store().reserve(id, decision.agentId())
                        || desk.store().takeOver(id, decision.agentId()))) {
                    // Cancelled or ended meanwhile, or its queue no longer offers callbacks: it leaves the line.
                    LOG.info("callback {} is no longer pending; agent {} freed", id, decision.agentId());
                    core.callbackAttemptFailed(id, decision.agentId(), 0);
                    return;
                }
                ringAgent(new Leg(decision, ticket, settings, clock.instant()));
            } catch (SQLException | RuntimeException e) {
                deferred(decision, "the database is unavailable (" + e.getMessage() + ")");
            }
        });
    }

    /**
     * The dial cannot start for a reason that is not the agent's: the agent is ready again at once, with no pause,
     * and the callback keeps its place, offered again after the backoff. One line in the log, no stack trace: an
     * outage of a minute logs a handful.
     */
    private void deferred(RoutingDecision d, String why) {
        CallbackSettings settings = desk.settings(d.queue());
        Duration wait = backoff.failed(d.callId(), settings == null ? CallbackSettings.OUTAGE_RETRY
                : settings.outageRetry());
        desk.metrics().deferred.increment();
        LOG.warn("callback {}: not dialed now, {}; agent {} stays ready and the callback keeps its place, offered"
                + " again in {} s", d.callId(), why, d.agentId(), wait.toMillis() / 1000.0);
        core.callbackDeferred(d.callId(), d.agentId(), clock.millis() + wait.toMillis());
    }

    /** A reservation of the store ends without a dial for want of a dependency; then the dial is put off. */
    private void releasedAndDeferred(RoutingDecision d, String why) {
        jdbc.execute(() -> {
            try {
                desk.store().released(d.callId());
            } catch (SQLException e) {
                // Left 'reserving': the next reservation of this callback takes it over (CallbackStore.takeOver).
                LOG.debug("callback {}: reservation not released: {}", d.callId(), e.getMessage());
            }
            deferred(d, why);
        });
    }

    private void ringAgent(Leg leg) {
        RoutingDecision d = leg.decision;
        legs.put(d.callId(), leg);
        OriginateRequest originate = OriginateRequest.builder(d.endpoint())
                .channelId(leg.channelId)
                .dialplan("acd-callback", "s", 1)
                .callerId("\"Callback " + leg.ticket.queue() + "\" <" + leg.ticket.number() + ">")
                .timeout(Duration.ofSeconds(d.ringTimeoutSeconds()))
                .variable("ACD_CALLBACK", d.callId())
                .build();
        LOG.info("callback {}: ringing agent {} first", d.callId(), d.agentId());
        ami.originate(originate).whenComplete((reply, err) -> {
            if (err == null) {
                return;
            }
            // Not sent, or no answer from the manager: the link is away, which is not the agent's fault. (Had the
            // Originate gone out unanswered, a leg that rings later finds itself settled and is hung up.)
            if (leg.settled.compareAndSet(false, true)) {
                legs.remove(d.callId(), leg);
                releasedAndDeferred(d, "the agent leg could not be placed, the Asterisk manager link is down ("
                        + err.getMessage() + ")");
            }
        });
        timers.schedule(() -> agentMissed(leg, OfferFailure.NO_ANSWER),
                d.ringTimeoutSeconds() * 1000L + START_SLACK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The agent did not answer the reservation: like any ring-no-answer, and the customer was not dialed. */
    private void agentMissed(Leg leg, OfferFailure failure) {
        if (!leg.settled.compareAndSet(false, true)) {
            return;
        }
        legs.remove(leg.decision.callId(), leg);
        LOG.info("callback {}: agent {} did not answer ({})", leg.decision.callId(), leg.decision.agentId(),
                failure.reason());
        jdbc.execute(() -> {
            try {
                desk.store().agentMissed(leg.decision.callId());
            } catch (SQLException e) {
                // Still 'reserving' in the store: recovery at the next start makes it pending again.
                LOG.error("callback {}: cannot store the missed reservation", leg.decision.callId(), e);
            }
            core.offerFailed(leg.decision.callId(), leg.decision.agentId(), failure);
        });
    }

    // ---- the agent leg, over AGI ----------------------------------------------------------------------------------

    /** The agent answered: runs in the {@code acd-callback} context with the callback id as argument. */
    @Override
    public void start(AgiSession session) {
        List<String> args = session.request().arguments();
        String legId = session.request().uniqueId();
        Leg leg = args.isEmpty() ? null : legs.get(args.get(0));
        if (leg == null || !leg.channelId.equals(legId) || !leg.settled.compareAndSet(false, true)) {
            // Too late (counted as unanswered already), of an earlier reservation, or unknown: nobody is dialed.
            LOG.warn("callback leg {} for {} is not expected; hanging up", legId, args);
            hangUp(session);
            return;
        }
        legs.remove(leg.decision.callId(), leg);
        String id = leg.decision.callId();
        String agent = leg.decision.agentId();
        if (closing) {
            LOG.info("callback {}: agent {} answered while the server shuts down; not dialing", id, agent);
            hangUp(session);
            releasedAndDeferred(leg.decision, "the server is shutting down");
            return;
        }
        core.offerAnswered(id, agent);
        Instant answered = clock.instant();
        // The whisper (the queue, the customer's number, what the flow found out: the parts the queue lists), before the
        // customer is dialed.
        CustomerWhisper.play(session, leg.ticket, leg.settings.whisper()).thenAcceptAsync(heard -> {
            if (!heard && closing) {
                releasedAndDeferred(leg.decision, "the server is shutting down");
                return;
            }
            if (!heard) {
                declined(leg, session);
                return;
            }
            claim(id, legId).whenCompleteAsync((attempt, err) -> {
                if (err != null) {
                    hangUp(session);
                    releasedAndDeferred(leg.decision, "its dial could not be claimed, the database is unavailable ("
                            + cause(err).getMessage() + ")");
                } else if (attempt.isEmpty()) {
                    LOG.warn("callback {}: dial already claimed or no longer due; not dialing", id);
                    core.callbackAttemptFailed(id, agent, 0);
                    hangUp(session);
                } else {
                    backoff.reset(id);
                    desk.metrics().attempted.increment();
                    dialCustomer(session, leg, attempt.getAsInt(), answered, legId);
                }
            }, session.eventLoop());
        }, session.eventLoop()).exceptionally(bug -> {
            // A fault of this server, not of the agent or a dependency: logged whole, the callback put off.
            LOG.error("callback {}: agent leg {} failed before the customer was dialed", id, legId, bug);
            hangUp(session);
            releasedAndDeferred(leg.decision, "its agent leg failed");
            return null;
        });
    }

    /**
     * The agent hung up during the whisper: a declined offer, like one that rang out. The queue's no-answer pause
     * applies, the callback keeps its place for the next agent, and the customer was not dialed.
     */
    private void declined(Leg leg, AgiSession session) {
        String id = leg.decision.callId();
        LOG.info("callback {}: agent {} hung up during the whisper; offer declined, the next agent is tried", id,
                leg.decision.agentId());
        desk.metrics().declined.increment();
        session.close();
        jdbc.execute(() -> {
            try {
                desk.store().declined(id);
            } catch (SQLException e) {
                LOG.warn("callback {}: declined offer not stored ({}); the next reservation takes it over", id,
                        e.getMessage());
            }
            core.offerFailed(id, leg.decision.agentId(), OfferFailure.DECLINED);
        });
    }

    private CompletableFuture<OptionalInt> claim(String id, String legId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return desk.store().claimDial(id, legId);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc);
    }

    private void dialCustomer(AgiSession session, Leg leg, int attempt, Instant agentAnswered, String legId) {
        CallbackSettings s = leg.settings;
        String id = leg.decision.callId();
        if (s.callerId() != null) {
            session.send("SET VARIABLE CALLERID(all) \"" + s.callerId().replace("\"", "\\\"") + "\"");
        }
        String dial;
        try {
            dial = gosub(id, s.dialString(leg.ticket.number()), s.customerRing().toSeconds());
        } catch (IllegalArgumentException e) {
            // Claimed but not dialable: stored as unreachable rather than left claimed.
            LOG.error("callback {}: cannot dial {}: {}", id, leg.ticket.number(), e.getMessage());
            dialEnded(session, leg, attempt, "CHANUNAVAIL", 0, agentAnswered, legId);
            return;
        }
        LOG.info("callback {}: attempt {} dials {}", id, attempt, leg.ticket.number());
        session.send(dial).thenCompose(r -> session.send("GET VARIABLE DIALSTATUS"))
                .thenCompose(status -> session.send("GET VARIABLE ANSWEREDTIME")
                        .thenApply(answeredTime -> new String[] {value(status), value(answeredTime)}))
                .whenCompleteAsync((v, err) -> {
                    if (err != null && closing) {
                        // The server stops while the customer dial runs; Asterisk carries the call on. Its outcome
                        // is unknown here: the row stays 'dialing', and the next start settles it by the dial's
                        // witness (never dialed twice).
                        LOG.info("callback {}: the server stops during the customer dial; its outcome is settled"
                                + " at the next start", id);
                        return;
                    }
                    String status = err == null ? v[0] : "";
                    double talked = err == null ? parse(v[1]) : 0;
                    dialEnded(session, leg, attempt, status, talked, agentAnswered, legId);
                }, session.eventLoop());
    }

    /**
     * The AGI command that dials the customer through the {@value #DIAL_SUBROUTINE} subroutine, which writes the
     * dial's witness in the step before the Dial. The subroutine's arguments travel as one AGI argument in double
     * quotes (a backslash escapes a quote or backslash); Asterisk splits them at the commas, so none may hold one.
     */
    static String gosub(String callbackId, String dialString, long ringSeconds) {
        for (String arg : List.of(callbackId, dialString)) {
            if (arg.indexOf(',') >= 0 || arg.indexOf('(') >= 0 || arg.indexOf(')') >= 0) {
                throw new IllegalArgumentException("a callback id or dial string with a comma or parenthesis"
                        + " cannot be passed to the dial subroutine: " + arg);
            }
        }
        String args = callbackId + "," + dialString + "," + ringSeconds;
        return "GOSUB " + DIAL_SUBROUTINE + " s 1 \"" + args.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void dialEnded(AgiSession session, Leg leg, int attempt, String status, double talkedSeconds,
                           Instant agentAnswered, String legId) {
        String id = leg.decision.callId();
        String agent = leg.decision.agentId();
        Instant now = clock.instant();
        if ("ANSWER".equals(status)) {
            Instant connected = now.minusMillis((long) (talkedSeconds * 1000));
            desk.metrics().completed.increment();
            desk.metrics().requestToConnection.record(Duration.between(leg.ticket.requestedAt(), connected));
            core.callEnded(id);
            store(id, () -> {
                desk.store().connected(id, connected);
                desk.store().completed(id, now);
            });
            record(leg, legId, agentAnswered, connected, now, talkedSeconds, InteractionOutcome.ANSWERED,
                    "connected");
            LOG.info("callback {}: customer {} talked to {} for {} s", id, leg.ticket.number(), agent, talkedSeconds);
        } else {
            String outcome = switch (status) {
                case "BUSY" -> "busy";
                case "NOANSWER" -> "no_answer";
                case "CHANUNAVAIL", "CONGESTION" -> "unreachable";
                default -> "agent_hung_up";
            };
            Instant retryAt = attempt < leg.settings.attempts()
                    ? leg.settings.nextAttempt(now) : null;
            if (retryAt == null) {
                desk.metrics().failed.increment();
            }
            LOG.info("callback {}: attempt {} of {} ended {}; {}", id, attempt, leg.settings.attempts(), outcome,
                    retryAt == null ? "giving up" : "retry at " + retryAt);
            core.callbackAttemptFailed(id, agent, retryAt == null ? 0 : retryAt.toEpochMilli());
            store(id, () -> desk.store().attemptFailed(id, outcome, retryAt, now));
            record(leg, legId, agentAnswered, null, now, 0, InteractionOutcome.FAILED,
                    retryAt == null ? "failed" : "retry");
        }
        hangUp(session);
    }

    /**
     * The callback leg's own record; the callback table links it (leg_call_id) to the original call. Its last step
     * says how the attempt ended: {@code connected}, {@code retry} (another attempt follows) or {@code failed} (the
     * callback failed), which the interval reports count callbacks by.
     */
    private void record(Leg leg, String legId, Instant started, Instant connected, Instant ended, double talked,
                        InteractionOutcome outcome, String step) {
        double waited = Duration.between(leg.ticket.enqueuedAt(), connected == null ? ended : connected)
                .toMillis() / 1000.0;
        recorder.record(new InteractionRecord(legId, leg.ticket.number(), "callback", List.of(), step,
                leg.ticket.queue(), leg.decision.agentId(), started, leg.ticket.enqueuedAt(), connected, ended,
                waited, connected == null ? null : talked, outcome));
    }

    /** A store write after the fact; failing, it is logged, and recovery at the next start settles the row. */
    private void store(String id, StoreWrite write) {
        jdbc.execute(() -> {
            try {
                write.run();
                // The outcome is stored: the witness of this attempt's dial is no longer needed.
                DialWitness.forget(ami, id);
            } catch (SQLException e) {
                LOG.error("callback {}: outcome not stored", id, e);
            }
        });
    }

    /** One blocking store write. */
    @FunctionalInterface
    private interface StoreWrite {
        void run() throws SQLException;
    }

    /** From now on no agent is rung and no customer dialed; pending callbacks stay pending for the next start. */
    @Override
    public void close() {
        closing = true;
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static void hangUp(AgiSession session) {
        session.send("HANGUP").whenComplete((r, e) -> session.close());
    }

    private static String value(AgiReply reply) {
        return reply.data() == null ? "" : reply.data();
    }

    private static double parse(String s) {
        try {
            return s.isBlank() ? 0 : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The callback whose agent leg is being rung, by its id; null when none is (for the agent's screen pop). */
    public CallbackTicket ringing(String id) {
        Leg leg = legs.get(id);
        return leg == null ? null : leg.ticket;
    }
}
