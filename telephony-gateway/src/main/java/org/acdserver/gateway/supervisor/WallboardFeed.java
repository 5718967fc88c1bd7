package org.acdserver.gateway.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.core.QueueStatus;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.Report;
import org.acdserver.gateway.kpi.ReportInterval;
import org.acdserver.gateway.kpi.ReportRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live wallboard to every open wallboard page, each filtered to its viewer's queues.
 *
 * <p>Two clocks drive it. Every {@code liveEvery} it asks the routing core for the queues' status (built on the
 * core's thread; nothing here blocks it) and reads each agent's current state from the agent-state history; every
 * {@code todayEvery} it builds today's figures: today's report (the same one {@code GET /reports} answers for the day)
 * and the leaderboard, on the JDBC executor. After each, every viewer whose board changed gets it. A new viewer gets
 * a {@code snapshot} at once, then {@code board} messages; a page that reconnects gets a fresh snapshot, which is the
 * whole resync.
 *
 * <p>All state is owned by the feed's one thread; viewers join and leave through it. A viewer whose socket cannot take
 * more is dropped and closed (its page reconnects and resyncs). Nothing is polled while no page is open.
 */
public final class WallboardFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WallboardFeed.class);

    /** Where a wallboard's messages go: one open WebSocket. */
    public interface Viewer {
        /** Sends one JSON message; false when the socket cannot take more. */
        boolean send(String json);

        /** Closes the socket: the page reconnects and gets a fresh snapshot. */
        void close();
    }

    /** A message to a wallboard: {@code snapshot} first, then {@code board}. */
    record Message(String type, long at, WallboardView board) {
    }

    /** One open page and what it was last sent; {@code queues} null for all queues (an admin). */
    private static final class Watch {
        final Viewer viewer;
        final Set<String> queues;
        WallboardView shown;

        Watch(Viewer viewer, Set<String> queues) {
            this.viewer = viewer;
            this.queues = queues;
        }
    }

    private final Supplier<CompletableFuture<List<QueueStatus>>> queues;
    private final Supplier<Map<String, AgentStateLog.Current>> agents;
    private final Function<ReportRequest, CompletionStage<Report>> reports;
    private final Leaderboard leaderboard;
    private final Executor jdbc;
    private final Supplier<ConfigurationSnapshot> configuration;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Watch> watches = new ArrayList<>();
    private List<QueueStatus> lastStatus = List.of();
    private WallboardToday today = WallboardToday.NONE;
    private boolean polling;
    private boolean building;

    /**
     * @param queues        the routing core's queue status
     * @param agents        every agent's current state
     * @param reports       builds a report off the event loop (today's, with interval 1d)
     * @param leaderboard   the day's leaderboard query
     * @param jdbc          where the leaderboard's query runs
     * @param configuration the active configuration: queues, members, targets, thresholds, time zone
     * @param clock         the server's clock (where "today" is)
     * @param liveEvery     how often the queues and agents are compared
     * @param todayEvery    how often today's figures are rebuilt
     */
    public WallboardFeed(Supplier<CompletableFuture<List<QueueStatus>>> queues,
                         Supplier<Map<String, AgentStateLog.Current>> agents,
                         Function<ReportRequest, CompletionStage<Report>> reports, Leaderboard leaderboard,
                         Executor jdbc, Supplier<ConfigurationSnapshot> configuration, Clock clock,
                         Duration liveEvery, Duration todayEvery) {
        this.queues = queues;
        this.agents = agents;
        this.reports = reports;
        this.leaderboard = leaderboard;
        this.jdbc = jdbc;
        this.configuration = configuration;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("acd-wallboard", true));
        thread.scheduleWithFixedDelay(this::poll, 0, liveEvery.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::rebuildToday, 0, todayEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A wallboard opened for these queues (null: every queue): it gets a snapshot now and every change after. */
    public void join(Viewer viewer, Set<String> queues) {
        thread.execute(() -> {
            Watch w = new Watch(viewer, queues == null ? null : Set.copyOf(queues));
            watches.add(w);
            w.shown = board(w);
            send(w, "snapshot");
            // What the feed last saw may be old when no page was open: fresh figures follow at once.
            poll();
            rebuildToday();
        });
    }

    /** A wallboard closed. */
    public void leave(Viewer viewer) {
        thread.execute(() -> watches.removeIf(w -> w.viewer == viewer));
    }

    /** The board of these queues (null: every queue) as it stands. */
    public CompletableFuture<WallboardView> view(Set<String> queues) {
        return CompletableFuture.supplyAsync(() -> board(new Watch(null, queues)), thread);
    }

    /** Open wallboards. */
    public CompletableFuture<Integer> viewers() {
        return CompletableFuture.supplyAsync(watches::size, thread);
    }

    private void poll() {
        if (polling || watches.isEmpty()) {
            return;
        }
        polling = true;
        CompletableFuture<List<QueueStatus>> next;
        try {
            next = queues.get();
        } catch (RuntimeException e) {
            polling = false;
            LOG.warn("no queue status for the wallboards: {}", e.toString());
            return;
        }
        next.whenCompleteAsync((status, err) -> {
            polling = false;
            if (err != null) {
                LOG.warn("no queue status for the wallboards: {}", err.toString());
                return;
            }
            lastStatus = status;
            publish();
        }, thread);
    }

    private void rebuildToday() {
        if (building || watches.isEmpty()) {
            return;
        }
        building = true;
        ConfigurationSnapshot config = configuration.get();
        ZoneId zone = config.kpi().timeZone();
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, zone);
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        CompletionStage<Report> report;
        try {
            report = reports.apply(new ReportRequest(from, to, ReportInterval.of("1d"), zone, null, null));
        } catch (RuntimeException e) {
            building = false;
            LOG.warn("today's figures for the wallboards not built: {}", e.toString());
            return;
        }
        CompletableFuture<Map<String, List<Leaderboard.Line>>> leaders = CompletableFuture.supplyAsync(() -> {
            try {
                return leaderboard.day(from, to, now);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc);
        report.toCompletableFuture().thenCombine(leaders, (r, l) -> new WallboardToday(r, l))
                .whenCompleteAsync((t, err) -> {
                    building = false;
                    if (err != null) {
                        // The last figures stay on the boards; the next round tries again.
                        LOG.warn("today's figures for the wallboards not built: {}", err.toString());
                        return;
                    }
                    today = t;
                    publish();
                }, thread);
    }

    private void publish() {
        for (Watch w : List.copyOf(watches)) {
            WallboardView v;
            try {
                v = board(w);
            } catch (RuntimeException e) {
                // One bad board must not stop the others: the next round builds it afresh.
                LOG.error("wallboard update failed", e);
                continue;
            }
            if (!v.equals(w.shown)) {
                w.shown = v;
                send(w, "board");
            }
        }
    }

    private WallboardView board(Watch w) {
        return WallboardBoard.of(lastStatus, agents.get(), today, configuration.get(), w.queues);
    }

    private void send(Watch w, String type) {
        String text;
        try {
            text = json.writeValueAsString(new Message(type, clock.millis(), w.shown));
        } catch (JsonProcessingException e) {
            LOG.error("wallboard message cannot be written", e);
            return;
        }
        if (!w.viewer.send(text)) {
            LOG.info("a wallboard cannot keep up; closed so that it reconnects and resyncs");
            watches.remove(w);
            w.viewer.close();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
