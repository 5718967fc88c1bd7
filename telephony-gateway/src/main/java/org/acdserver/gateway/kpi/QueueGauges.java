package org.acdserver.gateway.kpi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.QueueStatus;

/**
 * Live per-queue gauges: {@code acd_queue_waiting{queue}}, {@code acd_queue_longest_wait_seconds{queue}} and
 * {@code acd_queue_agents{queue,state}} (members by what they do now; an agent counts in each queue it serves).
 *
 * <p>A scrape must not wait for the routing thread, so {@link #refresh} asks the core for every queue's status on a
 * timer (once a second) and the gauges read the last answer; the longest wait is computed at the scrape from the
 * oldest call's enqueue time, so it grows between refreshes as it does in reality.
 */
public final class QueueGauges {

    private static final List<AgentActivity> STATES = List.of(AgentActivity.READY, AgentActivity.NOT_READY,
            AgentActivity.RINGING, AgentActivity.ON_CALL, AgentActivity.ON_HOLD, AgentActivity.WRAP_UP,
            AgentActivity.UNAVAILABLE, AgentActivity.LOGGED_OUT);

    private final MeterRegistry registry;
    private final Supplier<CompletionStage<List<QueueStatus>>> source;
    private final Clock clock;
    private final Set<String> registered = new HashSet<>();
    private volatile Map<String, QueueStatus> latest = Map.of();

    /**
     * @param source asks the routing core for every queue's status
     * @param clock  the core's clock, for the longest wait
     */
    public QueueGauges(MeterRegistry registry, Supplier<CompletionStage<List<QueueStatus>>> source, Clock clock) {
        this.registry = registry;
        this.source = source;
        this.clock = clock;
    }

    /** Registers the gauges of these queues (at start and after a reload; queues already known keep theirs). */
    public synchronized void register(Collection<String> queues) {
        for (String q : queues) {
            if (!registered.add(q)) {
                continue;
            }
            Gauge.builder("acd.queue.waiting", this, g -> g.status(q) == null ? 0 : g.status(q).waiting())
                    .tag("queue", q).description("calls waiting in the queue's line").register(registry);
            Gauge.builder("acd.queue.longest.wait", this, g -> g.status(q) == null ? 0
                            : g.status(q).longestWaitSeconds(g.clock.millis()))
                    .tag("queue", q).baseUnit("seconds").description("how long the longest-waiting call has waited")
                    .register(registry);
            for (AgentActivity state : STATES) {
                Gauge.builder("acd.queue.agents", this, g -> g.status(q) == null ? 0
                                : g.status(q).agents().getOrDefault(state, 0))
                        .tag("queue", q).tag("state", state.dbValue())
                        .description("the queue's agents by what they do now").register(registry);
            }
        }
    }

    /** Asks the core for the queues' status; the gauges show the answer once it comes. */
    public void refresh() {
        source.get().thenAccept(list -> {
            Map<String, QueueStatus> byQueue = new HashMap<>();
            list.forEach(s -> byQueue.put(s.queue(), s));
            latest = byQueue;
        });
    }

    /** The last status of every queue. */
    public Map<String, QueueStatus> latest() {
        return latest;
    }

    private QueueStatus status(String queue) {
        return latest.get(queue);
    }
}
