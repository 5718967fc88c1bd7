package org.acdserver.gateway.kpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.AgentStateChange;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.store.AgentStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-state history as it leaves the routing core: each change gets an event id unique across restarts and
 * goes to the record writer (which never blocks), each agent's current activity is kept for live views, and the
 * handle time of each call an agent finishes (talk, hold and wrap-up, from the first answer to leaving wrap-up) goes
 * to the {@code queue}-tagged histogram.
 *
 * <p>Called on the routing thread (and on the thread that builds the core, for the sign-in of every agent at start).
 * When the server stops, {@link #signOutAll} closes every agent's last state with a sign-out, so that the time
 * until the next start is not counted in it.
 */
public final class AgentStateLog implements Consumer<AgentStateChange> {

    private static final Logger LOG = LoggerFactory.getLogger(AgentStateLog.class);

    /** What one agent does now, since when, and the call it is handling with when handling began. */
    public record Current(AgentActivity activity, String reason, String callId, String queue, Instant since) {
    }

    private final Predicate<AgentStateRecord> recorder;
    private final CallMetrics metrics;
    private final Clock clock;
    /** Distinguishes this run's event ids from every other run's. */
    private final String run = UUID.randomUUID().toString().substring(0, 13);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Current> current = new ConcurrentHashMap<>();
    /** When each agent started handling its current call (its first answer), for the handle time. */
    private final Map<String, Instant> handlingSince = new ConcurrentHashMap<>();

    /**
     * @param recorder takes each change, false when it cannot; must not block
     * @param metrics  the handle-time histograms
     * @param clock    the time of the sign-outs at stop
     */
    public AgentStateLog(Predicate<AgentStateRecord> recorder, CallMetrics metrics, Clock clock) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void accept(AgentStateChange c) {
        Instant at = Instant.ofEpochMilli(c.atMillis());
        store(new AgentStateRecord(run + "-" + sequence.incrementAndGet(), c.agentId(), c.activity(), c.cause(),
                c.reason(), c.callId(), c.queue(), c.callEnqueuedAtMillis() == 0 ? null
                : Instant.ofEpochMilli(c.callEnqueuedAtMillis()), at));
        Current before = current.put(c.agentId(), new Current(c.activity(), c.reason(), c.callId(), c.queue(), at));
        handleTime(c, before, at);
    }

    private void handleTime(AgentStateChange c, Current before, Instant at) {
        boolean handling = c.activity() == AgentActivity.ON_CALL || c.activity() == AgentActivity.ON_HOLD
                || c.activity() == AgentActivity.WRAP_UP;
        Instant since = handlingSince.get(c.agentId());
        if (since != null && (!handling || !c.callId().equals(before.callId()))) {
            handlingSince.remove(c.agentId());
            if (before != null && before.queue() != null) {
                metrics.recordHandleTime(before.queue(), Duration.between(since, at));
            }
            since = null;
        }
        if (since == null && c.activity() == AgentActivity.ON_CALL) {
            handlingSince.put(c.agentId(), at);
        }
    }

    private void store(AgentStateRecord r) {
        if (!recorder.test(r)) {
            LOG.error("agent-state change {} of {} not recorded: the buffer is full", r.activity(), r.agent());
        }
    }

    /** Every agent's current activity, since when. */
    public Map<String, Current> current() {
        return Map.copyOf(current);
    }

    /** Records a sign-out, now, for every agent not signed out: the server stops. */
    public void signOutAll() {
        Instant now = clock.instant();
        current.forEach((agent, c) -> {
            if (c.activity() != AgentActivity.LOGGED_OUT) {
                accept(new AgentStateChange(agent, AgentActivity.LOGGED_OUT, AgentStateCause.SYSTEM, null, null, null,
                        0, now.toEpochMilli()));
            }
        });
    }
}
