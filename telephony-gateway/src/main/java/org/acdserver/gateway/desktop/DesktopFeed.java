package org.acdserver.gateway.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.QueueStatus;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.gateway.call.QueuedCall;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.WrapUpCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every agent's {@link DeskView} and pushes it to that agent's open desktops, and to no one else's.
 *
 * <p>How: every {@code interval} the feed takes a routing snapshot (the core builds it on its own thread; nothing
 * here blocks it), compares each agent with what it showed last, and sends a changed view to the agent's viewers.
 * Whatever changed the state (the desktop, a feature code dialed on the phone, a supervisor, the core's own timers)
 * shows up the same way, within one interval. A new viewer gets a {@code snapshot} message at once, then
 * {@code view} messages; a viewer that reconnects gets a fresh snapshot, which is the whole resync.
 *
 * <p>The desktops also get the queues their agent serves, from a {@link DeskQueueFeed} the feed opens with them.
 *
 * <p>All state is owned by the feed's one thread; viewers join and leave through it. A viewer whose socket cannot
 * take more is dropped (its page reconnects and resyncs), so a slow browser never holds memory or the thread.
 */
public final class DesktopFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopFeed.class);

    /** Where a desktop's messages go: one open WebSocket. */
    public interface Viewer {
        /** Sends one JSON message; false when the socket cannot take more (the viewer is then dropped). */
        boolean send(String json);

        /** Closes the socket: the page reconnects and gets a fresh snapshot. */
        void close();
    }

    /** A message to a desktop: {@code snapshot} (with the not-ready reasons the agent may pick) or {@code view}. */
    record Message(String type, DeskView view, List<String> reasons) {
    }

    /** One agent's desk as the feed last saw it; touched only on the feed's thread. */
    private static final class Desk {
        final List<Viewer> viewers = new ArrayList<>();
        final String agentId;
        AgentState state;
        String reason;
        long since;
        ScreenPop call;
        ScreenPop talking;
        PendingWrapUp wrapUp;
        /** The agent's call is on hold, as the routing core last said. */
        boolean held;
        DeskView shown;

        Desk(String agentId) {
            this.agentId = agentId;
        }
    }

    private final Supplier<CompletableFuture<RoutingSnapshot>> snapshots;
    private final Function<String, QueuedCall> calls;
    private final Function<String, CallbackTicket> callbacks;
    private final Supplier<ConfigurationSnapshot> configuration;
    private final LongSupplier clock;
    /** The agents' queues on the same desktops, or null for a feed without them. */
    private final DeskQueueFeed queues;
    private final ScheduledExecutorService thread;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Desk> desks = new HashMap<>();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicInteger viewerCount = new AtomicInteger();
    /** True while a snapshot is asked for and not yet applied: polls never pile up behind a busy core. */
    private boolean polling;

    /**
     * @param snapshots     the routing core's snapshots
     * @param calls         a waiting or connected call by id (null when unknown)
     * @param configuration the active configuration: queues' wrap-up codes and times, not-ready reasons
     * @param clock         epoch milliseconds
     * @param interval      how often the routing state is compared
     */
    public DesktopFeed(Supplier<CompletableFuture<RoutingSnapshot>> snapshots, Function<String, QueuedCall> calls,
                       Supplier<ConfigurationSnapshot> configuration, LongSupplier clock, Duration interval) {
        this(snapshots, calls, id -> null, configuration, clock, interval);
    }

    /**
     * A feed that also pops callbacks: {@code callbacks} gives the callback whose agent leg rings by its id (null
     * when none), for the request time and the number confirmed.
     */
    public DesktopFeed(Supplier<CompletableFuture<RoutingSnapshot>> snapshots, Function<String, QueuedCall> calls,
                       Function<String, CallbackTicket> callbacks, Supplier<ConfigurationSnapshot> configuration,
                       LongSupplier clock, Duration interval) {
        this(snapshots, calls, callbacks, configuration, clock, interval, null);
    }

    /**
     * A feed that pops callbacks and also shows each agent's queues, from {@code queueStatus} (the routing core's queue
     * status, as the wallboard reads it; null for none) through a {@link DeskQueueFeed} compared every
     * {@link DeskQueueFeed#EVERY}, on the same desktops.
     */
    public DesktopFeed(Supplier<CompletableFuture<RoutingSnapshot>> snapshots, Function<String, QueuedCall> calls,
                       Function<String, CallbackTicket> callbacks, Supplier<ConfigurationSnapshot> configuration,
                       LongSupplier clock, Duration interval,
                       Supplier<CompletableFuture<List<QueueStatus>>> queueStatus) {
        this.snapshots = snapshots;
        this.calls = calls;
        this.callbacks = callbacks;
        this.configuration = configuration;
        this.clock = clock;
        this.queues = queueStatus == null ? null
                : new DeskQueueFeed(queueStatus, configuration, clock, DeskQueueFeed.EVERY);
        this.thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("acd-desktop", true));
        thread.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A desktop of {@code agentId} opened: it gets a snapshot now and every change after. */
    public void join(String agentId, Viewer viewer) {
        thread.execute(() -> {
            Desk d = desk(agentId);
            d.viewers.add(viewer);
            viewerCount.incrementAndGet();
            DeskView v = view(d, configuration.get());
            LOG.debug("desktop of {} opened ({} open); snapshot {}", agentId, d.viewers.size(), v.state());
            send(d, viewer, new Message("snapshot", v, reasons()));
            // After the snapshot, so that the desktop's first message is always its snapshot.
            if (queues != null) {
                queues.join(agentId, viewer);
            }
        });
    }

    /** A desktop closed. */
    public void leave(String agentId, Viewer viewer) {
        thread.execute(() -> {
            Desk d = desks.get(agentId);
            if (d != null && d.viewers.remove(viewer)) {
                viewerCount.decrementAndGet();
                LOG.debug("desktop of {} closed ({} open)", agentId, d.viewers.size());
            }
        });
        if (queues != null) {
            queues.leave(agentId, viewer);
        }
    }

    /** The agent's desktop as it stands now. */
    public CompletableFuture<DeskView> view(String agentId) {
        return CompletableFuture.supplyAsync(() -> view(desk(agentId), configuration.get()), thread);
    }

    /** The agent's call still to be wrapped up, or null. */
    public CompletableFuture<PendingWrapUp> pendingWrapUp(String agentId) {
        return CompletableFuture.supplyAsync(() -> desk(agentId).wrapUp, thread);
    }

    /** The call's wrap-up is stored: the form goes away. */
    public void wrapped(String agentId, String callId) {
        thread.execute(() -> {
            Desk d = desk(agentId);
            if (d.wrapUp != null && d.wrapUp.callId().equals(callId)) {
                d.wrapUp = null;
                publish(d, configuration.get());
            }
        });
    }

    /** Compares the routing state now rather than at the next interval (after a command the desktop gave). */
    public void refresh() {
        thread.execute(this::poll);
    }

    /** Registers how many desktops are open and how many messages were pushed to them. */
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("acd.desktops.open", this, DesktopFeed::viewers).register(meters);
        FunctionCounter.builder("acd.desktops.messages", this, DesktopFeed::pushed)
                .description("messages pushed to agent desktops").register(meters);
        if (queues != null) {
            queues.bindTo(meters);
        }
    }

    /** Open desktops. */
    public int viewers() {
        return viewerCount.get();
    }

    /** Messages sent to desktops since start. */
    public long pushed() {
        return pushed.get();
    }

    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        CompletableFuture<RoutingSnapshot> next;
        try {
            next = snapshots.get();
        } catch (RuntimeException e) {
            polling = false;
            LOG.warn("no routing snapshot for the desktops: {}", e.toString());
            return;
        }
        next.whenCompleteAsync((snapshot, err) -> {
            polling = false;
            if (err != null) {
                LOG.warn("no routing snapshot for the desktops: {}", err.toString());
                return;
            }
            try {
                apply(snapshot);
            } catch (RuntimeException e) {
                // One bad snapshot must not stop the desktops: the next one is compared afresh.
                LOG.error("desktop update failed", e);
            }
        }, thread);
    }

    private void apply(RoutingSnapshot snapshot) {
        long now = clock.getAsLong();
        ConfigurationSnapshot config = configuration.get();
        for (RoutingSnapshot.AgentView a : snapshot.agents().values()) {
            Desk d = desk(a.id());
            update(d, a, now, config);
            publish(d, config);
        }
    }

    private void update(Desk d, RoutingSnapshot.AgentView a, long now, ConfigurationSnapshot config) {
        if (a.state() != d.state || !Objects.equals(a.notReadyReason(), d.reason)) {
            d.state = a.state();
            d.reason = a.notReadyReason();
            d.since = now;
        }
        d.held = a.state() == AgentState.ON_CALL && a.onHold();
        String callId = a.callId();
        boolean hasCall = callId != null && (a.state() == AgentState.RESERVED || a.state() == AgentState.ON_CALL);
        if (d.talking != null && !(hasCall && d.talking.callId().equals(callId))) {
            // The talk ended (or the next call came within one interval): the agent wraps it up.
            d.wrapUp = pending(d.talking, config);
            d.talking = null;
        }
        if (!hasCall) {
            d.call = null;
            return;
        }
        // A pop that found neither the call nor its callback is looked for again: a callback's leg may be put on record
        // a moment after the core reserved the agent.
        if (d.call == null || !d.call.callId().equals(callId)
                || (d.call.queue() == null && d.call.callback() == null)) {
            d.call = pop(callId, now);
        }
        if (a.state() == AgentState.ON_CALL) {
            d.talking = d.call;
        }
    }

    private ScreenPop pop(String callId, long now) {
        QueuedCall c = calls.apply(callId);
        if (c == null) {
            CallbackTicket t = callbacks.apply(callId);
            if (t != null) {
                // What the flow whispered to the agent is shown too: the same data the queue step marked for them.
                long requested = t.requestedAt().toEpochMilli();
                return new ScreenPop(callId, t.number(), t.queue(), requested, now,
                        Math.max(0, now - requested) / 1000.0, List.of(), t.customerData(),
                        new ScreenPop.Callback(requested, t.number()));
            }
            // A call that left between the snapshot and now, or a callback not on record yet.
            return new ScreenPop(callId, "", null, 0, now, 0, List.of());
        }
        Instant queuedAt = c.queuedAt();
        long queued = queuedAt == null ? 0 : queuedAt.toEpochMilli();
        double waited = queued == 0 ? 0 : Math.max(0, now - queued) / 1000.0;
        return new ScreenPop(callId, c.callerNumber() == null ? "" : c.callerNumber(), c.queue(), queued, now,
                waited, c.ivrPath(), c.display());
    }

    private static PendingWrapUp pending(ScreenPop call, ConfigurationSnapshot config) {
        WrapUpCodes codes = config.wrapUpCodes(call.queue());
        return new PendingWrapUp(call.callId(), call.queue(), call.callerNumber(), codes.codes(), codes.required());
    }

    private void publish(Desk d, ConfigurationSnapshot config) {
        DeskView v = view(d, config);
        if (v.equals(d.shown)) {
            return;
        }
        d.shown = v;
        Message m = new Message("view", v, null);
        for (Viewer viewer : List.copyOf(d.viewers)) {
            send(d, viewer, m);
        }
    }

    private DeskView view(Desk d, ConfigurationSnapshot config) {
        String state = d.state == null ? "unknown" : d.state.name().toLowerCase(Locale.ROOT);
        long wrapUpUntil = 0;
        if (d.state == AgentState.WRAP_UP && d.wrapUp != null && d.wrapUp.queue() != null) {
            QueueDefinition q = config.routing().queuesById().get(d.wrapUp.queue());
            wrapUpUntil = q == null ? 0 : d.since + q.wrapUpSeconds() * 1000L;
        }
        return new DeskView(d.agentId, state, d.reason, d.since, wrapUpUntil, d.call, d.wrapUp, d.held);
    }

    private List<String> reasons() {
        return configuration.get().agentCodes().reasons().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).distinct().toList();
    }

    private void send(Desk d, Viewer viewer, Message m) {
        String text;
        try {
            text = json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            LOG.error("desktop message for {} cannot be written", d.agentId, e);
            return;
        }
        if (viewer.send(text)) {
            pushed.incrementAndGet();
        } else {
            LOG.info("desktop of {} cannot keep up; closed so that it reconnects and resyncs", d.agentId);
            if (d.viewers.remove(viewer)) {
                viewerCount.decrementAndGet();
            }
            viewer.close();
        }
    }

    private Desk desk(String agentId) {
        return desks.computeIfAbsent(agentId, Desk::new);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (queues != null) {
            queues.close();
        }
    }
}
