package org.acdserver.gateway.supervisor;

import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.http.WallboardEndpoints;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.Report;
import org.acdserver.gateway.kpi.ReportRequest;
import org.acdserver.gateway.store.Database;

/**
 * Wires the supervisors' live wallboard to the server's parts: the routing core's queue status, the agent-state
 * history, the interval reports and the database.
 */
public final class SupervisorBoards {

    /** How often the queues and agents are compared: a call entering a queue shows within this (and a frame). */
    static final Duration LIVE_EVERY = Duration.ofMillis(200);
    /** How often today's figures (a one-day report and the leaderboard) are rebuilt while a wallboard is open. */
    static final Duration TODAY_EVERY = Duration.ofSeconds(2);

    private SupervisorBoards() {
    }

    /** The wallboard's endpoints; its feed is pushed on {@code opened}, to be closed with the server. */
    public static WallboardEndpoints wallboard(RoutingCore core, AgentStateLog agents,
                                               Function<ReportRequest, CompletionStage<Report>> reports,
                                               Database database, Executor jdbc,
                                               Supplier<ConfigurationSnapshot> configuration, Clock clock,
                                               Deque<AutoCloseable> opened) {
        WallboardFeed feed = new WallboardFeed(core::queueStatus, agents::current, reports,
                new Leaderboard(database.dataSource()), jdbc, configuration, clock, LIVE_EVERY, TODAY_EVERY);
        opened.push(feed);
        return new WallboardEndpoints(feed);
    }
}
