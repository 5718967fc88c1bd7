package org.acdserver.gateway.desktop;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueStatus;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes "My queues" to the agent desktops: for each queue an agent serves, the calls waiting, when the longest-waiting
 * one entered the queue (the page counts its wait up) and the members ready, as a {@code queues} message on the
 * desktop's WebSocket.
 *
 * <p>Once a tick (a second) it asks the routing core for the queues' status, the same status the wallboard shows (built
 * on the core's thread; nothing here blocks it), builds each queue's line once, and sends each agent's desktops their
 * queues only when these differ from what they were sent last: one status and one list per distinct set of queues
 * per tick, however many desktops are open, and no message for a second in which nothing changed. A desktop that
 * opens (or reconnects) gets its queues at once, from a fresh status, which is its resync. Nothing is asked of the
 * core while no desktop is open.
 *
 * <p>All state is owned by the feed's one thread. A viewer whose socket cannot take more is closed: its page
 * reconnects and resyncs.
 */
public final class DeskQueueFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeskQueueFeed.class);

    /** How often the queues are compared: the desktop's figures are at most this old. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    /**
     * One queue as a desktop shows it.
     *
     * @param waiting          calls in its line
     * @param oldestEnqueuedAt epoch milliseconds when the longest-waiting call entered the queue; 0 when none waits
     * @param ready            the queue's members ready for a call
     */
    public record Line(String queue, int waiting, long oldestEnqueuedAt, int ready) {
    }

    /**
     * A {@code queues} message: whose desk it is for, the server's time when the queues were read, and the agent's
     * queues in id order (a JSON array written once per distinct set of queues and tick).
     */
    record Message(String type, String agentId, long at, @JsonRawValue String queues) {
    }

    /** One agent's open desktops; touched only on the feed's thread. */
    private static final class Desk {
        final List<DesktopFeed.Viewer> viewers = new ArrayList<>();
        /** Opened since the last status: they get the agent's queues even when nothing changed. */
        final List<DesktopFeed.Viewer> joining = new ArrayList<>();
        List<Line> shown;
    }

    private final Supplier<CompletableFuture<List<QueueStatus>>> source;
    private final Supplier<ConfigurationSnapshot> configuration;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Desk> desks = new HashMap<>();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong statuses = new AtomicLong();
    /** Each agent's queues, in id order, for the routing configuration they were read from. */
    private RoutingConfiguration servedFrom;
    private Map<String, List<String>> served = Map.of();
    private boolean polling;
    /** True when the status asked for is the tick's (false: asked for a desktop that opened). */
    private boolean tickPending;

    /**
     * @param source        the routing core's queue status (the wallboard's source)
     * @param configuration the active configuration: which queues each agent serves
     * @param clock         epoch milliseconds, for the messages' {@code at}
     * @param every         how often the queues are compared
     */
    public DeskQueueFeed(Supplier<CompletableFuture<List<QueueStatus>>> source,
                         Supplier<ConfigurationSnapshot> configuration, LongSupplier clock, Duration every) {
        this.source = source;
        this.configuration = configuration;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("acd-desktop-queues", true));
        thread.scheduleWithFixedDelay(() -> poll(true), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A feed on the server's clock, compared every {@link #EVERY}. */
    public DeskQueueFeed(Supplier<CompletableFuture<List<QueueStatus>>> source,
                         Supplier<ConfigurationSnapshot> configuration) {
        this(source, configuration, System::currentTimeMillis, EVERY);
    }

    /** A desktop of {@code agentId} opened: it gets the agent's queues now and every change after. */
    public void join(String agentId, DesktopFeed.Viewer viewer) {
        thread.execute(() -> {
            Desk d = desks.computeIfAbsent(agentId, id -> new Desk());
            d.viewers.add(viewer);
            d.joining.add(viewer);
            poll(false);
        });
    }

    /** A desktop closed. */
    public void leave(String agentId, DesktopFeed.Viewer viewer) {
        thread.execute(() -> {
            Desk d = desks.get(agentId);
            if (d != null) {
                d.viewers.remove(viewer);
                d.joining.remove(viewer);
                if (d.viewers.isEmpty()) {
                    desks.remove(agentId);
                }
            }
        });
    }

    /** Registers how many queue messages were pushed to desktops and how many statuses were read for them. */
    public void bindTo(MeterRegistry meters) {
        FunctionCounter.builder("acd.desktops.queue.messages", this, DeskQueueFeed::pushed)
                .description("queue messages pushed to agent desktops").register(meters);
        FunctionCounter.builder("acd.desktops.queue.statuses", this, DeskQueueFeed::statuses)
                .description("queue statuses read for the agent desktops (one per tick, shared by all)")
                .register(meters);
    }

    /** Queue messages sent to desktops since start. */
    public long pushed() {
        return pushed.get();
    }

    /** Queue statuses read for the desktops since start. */
    public long statuses() {
        return statuses.get();
    }

    private void poll(boolean tick) {
        if (desks.isEmpty()) {
            return;
        }
        // A tick that comes while a status is on its way is served by that status.
        tickPending |= tick;
        if (polling) {
            return;
        }
        polling = true;
        CompletableFuture<List<QueueStatus>> next;
        try {
            next = source.get();
        } catch (RuntimeException e) {
            polling = false;
            LOG.warn("no queue status for the agent desktops: {}", e.toString());
            return;
        }
        next.whenCompleteAsync((status, err) -> {
            polling = false;
            boolean forTick = tickPending;
            tickPending = false;
            if (err != null) {
                LOG.warn("no queue status for the agent desktops: {}", err.toString());
                return;
            }
            statuses.incrementAndGet();
            try {
                publish(status, forTick);
            } catch (RuntimeException e) {
                // One bad status must not stop the desktops: the next tick compares afresh.
                LOG.error("desktop queue update failed", e);
            }
        }, thread);
    }

    /**
     * Sends each agent's desktops their queues: to all of them when these changed (on a tick only, so that no desktop
     * gets more than one message a second), and to the ones that just opened in any case.
     */
    private void publish(List<QueueStatus> status, boolean tick) {
        Map<String, Line> lines = new HashMap<>();
        for (QueueStatus s : status) {
            lines.put(s.queue(), new Line(s.queue(), s.waiting(), s.waiting() == 0 ? 0 : s.oldestEnqueuedAtMillis(),
                    s.agents().getOrDefault(AgentActivity.READY, 0)));
        }
        Map<String, List<String>> servedNow = served();
        long at = clock.getAsLong();
        // Agents serving the same queues share one list and its JSON.
        Map<List<String>, List<Line>> listBySet = new HashMap<>();
        Map<List<String>, String> jsonBySet = new HashMap<>();
        for (Map.Entry<String, Desk> e : List.copyOf(desks.entrySet())) {
            Desk d = e.getValue();
            List<String> queues = servedNow.getOrDefault(e.getKey(), List.of());
            List<Line> mine = listBySet.computeIfAbsent(queues, qs -> qs.stream()
                    .map(q -> lines.getOrDefault(q, new Line(q, 0, 0, 0))).toList());
            boolean changed = tick && !mine.equals(d.shown);
            if (!changed && d.joining.isEmpty()) {
                continue;
            }
            String list = jsonBySet.computeIfAbsent(queues, qs -> write(mine));
            String text = list == null ? null : write(new Message("queues", e.getKey(), at, list));
            if (text == null) {
                continue;
            }
            List<DesktopFeed.Viewer> to = List.copyOf(changed ? d.viewers : d.joining);
            d.joining.clear();
            if (changed || d.shown == null) {
                d.shown = mine;
            }
            for (DesktopFeed.Viewer v : to) {
                send(e.getKey(), d, v, text);
            }
        }
    }

    private Map<String, List<String>> served() {
        RoutingConfiguration routing = configuration.get().routing();
        if (routing != servedFrom) {
            Map<String, List<String>> m = new HashMap<>();
            Set<String> known = routing.queuesById().keySet();
            for (AgentDefinition a : routing.agents()) {
                m.put(a.id(), a.queues().stream().filter(known::contains).sorted().distinct().toList());
            }
            served = m;
            servedFrom = routing;
        }
        return served;
    }

    private String write(Object m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            LOG.error("desktop queue message cannot be written", e);
            return null;
        }
    }

    private void send(String agentId, Desk d, DesktopFeed.Viewer viewer, String text) {
        if (viewer.send(text)) {
            pushed.incrementAndGet();
        } else {
            LOG.info("desktop of {} cannot keep up with its queues; closed so that it reconnects and resyncs", agentId);
            d.viewers.remove(viewer);
            d.joining.remove(viewer);
            viewer.close();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
