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
 * <p>Threads: {@link #dial} runs on the routing thread and only hands over; store work runs on the JDBC executor;
 * AGI work on the leg's event loop.
 */
public final class CallbackDialer implements AgiScript {

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

    /** The core reserved an agent for a callback: reserve it in the store, then ring the agent. */
    public void dial(RoutingDecision decision) {
        jdbc.execute(() -> {
            String id = decision.callId();
            try {
                CallbackSettings settings = desk.settings(decision.queue());
                CallbackTicket ticket = desk.store().ticket(id).orElse(null);
                if (settings == null || ticket == null || !desk.store().reserve(id, decision.agentId())) {
                    // Cancelled or ended meanwhile, or its queue no longer offers callbacks: it leaves the line.
                    LOG.info("callback {} is no longer pending; agent {} freed", id, decision.agentId());
                    core.callbackAttemptFailed(id, decision.agentId(), 0);
                    return;
                }
                ringAgent(new Leg(decision, ticket, settings, clock.instant()));
            } catch (SQLException | RuntimeException e) {
                LOG.error("callback {}: cannot reserve agent {}; it keeps its place", id, decision.agentId(), e);
                core.offerFailed(id, decision.agentId(), OfferFailure.UNAVAILABLE);
            }
        });
    }

    private void ringAgent(Leg leg) {
        RoutingDecision d = leg.decision;
        legs.put(d.callId(), leg);
        OriginateRequest originate = OriginateRequest.builder(d.endpoint())
                .channelId("cbleg-" + UUID.randomUUID())
                .dialplan("acd-callback", "s", 1)
                .callerId("\"Callback " + leg.ticket.queue() + "\" <" + leg.ticket.number() + ">")
                .timeout(Duration.ofSeconds(d.ringTimeoutSeconds()))
                .variable("ACD_CALLBACK", d.callId())
                .build();
        LOG.info("callback {}: ringing agent {} first", d.callId(), d.agentId());
        ami.originate(originate).whenComplete((reply, err) -> {
            if (err != null) {
                LOG.warn("callback {}: agent leg to {} not placed: {}", d.callId(), d.agentId(), err.toString());
                agentMissed(leg, OfferFailure.UNAVAILABLE);
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
        Leg leg = args.isEmpty() ? null : legs.get(args.get(0));
        if (leg == null || !leg.settled.compareAndSet(false, true)) {
            // Too late (counted as unanswered already) or unknown: nobody is dialed.
            LOG.warn("callback leg {} for {} is not expected; hanging up", session.request().uniqueId(), args);
            session.send("HANGUP").whenComplete((r, e) -> session.close());
            return;
        }
        legs.remove(leg.decision.callId(), leg);
        String id = leg.decision.callId();
        String agent = leg.decision.agentId();
        core.offerAnswered(id, agent);
        Instant answered = clock.instant();
        String legId = session.request().uniqueId();
        // The whisper: the queue, the customer's number and what the flow found out, before the customer is dialed.
        CompletableFuture<AgiReply> whispered = null;
        for (String command : CustomerWhisper.commands(leg.ticket)) {
            whispered = session.send(command);
        }
        whispered.thenCompose(r -> {
                    if (r.channelDead()) {
                        // The agent hung up during the whisper: the customer is not dialed.
                        throw new CompletionException(new IllegalStateException("agent leg " + legId + " is gone"));
                    }
                    return claim(id, legId);
                })
                .thenAcceptAsync(attempt -> {
                    if (attempt.isEmpty()) {
                        LOG.warn("callback {}: dial already claimed or no longer due; not dialing", id);
                        core.callbackAttemptFailed(id, agent, 0);
                        hangUp(session);
                        return;
                    }
                    desk.metrics().attempted.increment();
                    dialCustomer(session, leg, attempt.getAsInt(), answered, legId);
                }, session.eventLoop())
                .exceptionally(err -> {
                    LOG.error("callback {}: agent leg failed before the customer was dialed", id, err);
                    settleWithoutDial(leg);
                    hangUp(session);
                    return null;
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

    /** The customer was not dialed after all: the callback waits again at its place, the agent is free. */
    private void settleWithoutDial(Leg leg) {
        jdbc.execute(() -> {
            try {
                desk.store().agentMissed(leg.decision.callId());
            } catch (SQLException e) {
                LOG.error("callback {}: cannot reset the reservation", leg.decision.callId(), e);
            }
            core.callbackAttemptFailed(leg.decision.callId(), leg.decision.agentId(), clock.millis());
        });
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
}
