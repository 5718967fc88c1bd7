package org.acdserver.gateway.kpi;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.gateway.config.ConfigurationSnapshot;

/**
 * Builds interval reports from the aggregates that are kept up to date as records are stored ({@code queue_interval},
 * {@code call_interval}, {@code agent_interval}): it adds quarter hours up into the report's intervals in the time
 * zone and computes the measures of docs/kpi.md from the sums, never reading the records themselves. The one thing
 * taken from the history is each agent's current state, whose time up to now no aggregate holds yet.
 *
 * <p>Per queue and interval it also advises the agents needed ({@link QueueMeasures}), beside those the queue had
 * signed in.
 */
public final class IntervalReport {

    private static final String QUEUE_SUMS = "SELECT queue, %s AS start, sum(offered), sum(answered),"
            + " sum(answered_in_target), sum(answered_wait_seconds), sum(abandoned), sum(abandoned_in_target),"
            + " sum(abandoned_wait_seconds), sum(short_abandoned), sum(short_abandoned_wait_seconds),"
            + " max(longest_wait_seconds), sum(callbacks_requested), sum(not_served), sum(handled), sum(talk_seconds),"
            + " sum(hold_seconds), sum(wrap_up_seconds), sum(callbacks_completed), sum(callbacks_failed),"
            + " coalesce(sum(fcr_contacts) FILTER (WHERE interval_start + interval '15 minutes'"
            + " + ? * interval '1 second' <= ?), 0),"
            + " coalesce(sum(fcr_repeated) FILTER (WHERE interval_start + interval '15 minutes'"
            + " + ? * interval '1 second' <= ?), 0),"
            + " sum(fcr_contacts), sum(csat_count), sum(csat_sum), sum(csat_top), sum(nps_count), sum(nps_promoters),"
            + " sum(nps_detractors), sum(ces_count), sum(ces_sum)"
            + " FROM queue_interval WHERE interval_start >= ? AND interval_start < ? AND (?::text IS NULL OR queue = ?)"
            + " GROUP BY 1, 2 ORDER BY 2, 1";
    private static final String CALL_SUMS = "SELECT %s AS start, sum(calls), sum(self_service),"
            + " sum(abandoned_in_ivr), sum(queued), sum(answered), sum(abandoned_in_queue), sum(callback_requested),"
            + " sum(no_agent), sum(transferred), sum(failed) FROM call_interval"
            + " WHERE interval_start >= ? AND interval_start < ? GROUP BY 1 ORDER BY 1";
    private static final String AGENT_SUMS = "SELECT agent, %s AS start, sum(ready_seconds), sum(not_ready_seconds),"
            + " sum(ringing_seconds), sum(talk_seconds), sum(hold_seconds), sum(wrap_up_seconds),"
            + " sum(unavailable_seconds), sum(calls_answered), sum(missed_offers) FROM agent_interval"
            + " WHERE interval_start >= ? AND interval_start < ? AND (?::text[] IS NULL OR agent = ANY(?))"
            + " GROUP BY 1, 2";
    private static final String REASON_SUMS = "SELECT agent, %s AS start, reason, sum(seconds) FROM"
            + " agent_reason_interval WHERE interval_start >= ? AND interval_start < ?"
            + " AND (?::text[] IS NULL OR agent = ANY(?)) GROUP BY 1, 2, 3";
    /** The state columns of {@code agent_interval}, in order. */
    private static final List<AgentActivity> STATE_COLUMNS = List.of(AgentActivity.READY, AgentActivity.NOT_READY,
            AgentActivity.RINGING, AgentActivity.ON_CALL, AgentActivity.ON_HOLD, AgentActivity.WRAP_UP,
            AgentActivity.UNAVAILABLE);
    /** How long a report's statements may run: longer than the pool's default, since a report reads months. */
    private static final String REPORT_TIMEOUT = "SET LOCAL statement_timeout = '120s'";
    /** Each agent's current state: one index probe per agent. */
    private static final String CURRENT = "SELECT a.agent, s.state, s.reason, s.at FROM unnest(?::text[]) AS a(agent)"
            + " CROSS JOIN LATERAL (SELECT state, reason, at FROM agent_state x WHERE x.agent = a.agent"
            + " ORDER BY x.at DESC, x.id DESC LIMIT 1) s";

    private final DataSource dataSource;
    private final Clock clock;

    /** @param clock what "now" is: where agents' current states end, which FCR windows have elapsed */
    public IntervalReport(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** {@link #run} on {@code executor} (blocking JDBC: never an event loop), failing the future on an error. */
    public CompletableFuture<Report> runAsync(ReportRequest request, ConfigurationSnapshot config, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(request, config);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** The report, with the queues' targets, members and FCR window of {@code config}. */
    public Report run(ReportRequest request, ConfigurationSnapshot config) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                st.execute(REPORT_TIMEOUT);
            }
            Report report = run(c, request, config, now);
            c.commit();
            return report;
        }
    }

    private Report run(Connection c, ReportRequest request, ConfigurationSnapshot config, Instant now)
            throws SQLException {
        Map<String, Map<Instant, AgentMeasures>> agents = agentSums(c, request, config, now);
        List<Report.AgentRow> agentRows = new ArrayList<>();
        agents.forEach((agent, byStart) -> byStart.forEach((start, m) -> {
            if (request.agent() == null || request.agent().equals(agent)) {
                agentRows.add(m.row(agent, start, request.interval().endOf(start, request.zone())));
            }
        }));
        agentRows.sort((a, b) -> a.start().equals(b.start()) ? a.agent().compareTo(b.agent())
                : a.start().compareTo(b.start()));
        List<Report.QueueRow> queueRows = queueRows(c, request, config, now, agents);
        List<Report.CallRow> callRows = request.queue() == null && request.agent() == null
                ? callRows(c, request) : List.of();
        return new Report(request.from(), request.to(), request.interval().label(), request.zone().getId(),
                request.agent() == null ? queueRows : List.of(), callRows, agentRows);
    }

    private List<Report.QueueRow> queueRows(Connection c, ReportRequest r, ConfigurationSnapshot config, Instant now,
                                            Map<String, Map<Instant, AgentMeasures>> agents) throws SQLException {
        List<Report.QueueRow> rows = new ArrayList<>();
        long window = config.kpi().fcrWindow().toSeconds();
        try (PreparedStatement ps = c.prepareStatement(QUEUE_SUMS.formatted(r.interval().rollup("interval_start")))) {
            int i = zone(ps, 1, r);
            ps.setLong(i++, window);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setLong(i++, window);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i++, Timestamp.from(r.from()));
            ps.setTimestamp(i++, Timestamp.from(r.to()));
            ps.setString(i++, r.queue());
            ps.setString(i, r.queue());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String queue = rs.getString(1);
                    Instant start = rs.getTimestamp(2).toInstant();
                    Instant end = r.interval().endOf(start, r.zone());
                    double[] sums = new double[QueueMeasures.SUMS];
                    for (int col = 0; col < QueueMeasures.SUMS; col++) {
                        sums[col] = rs.getDouble(col + 3);
                    }
                    rows.add(QueueMeasures.row(queue, start, end, sums, config.serviceLevel(queue),
                            staffed(config, queue, start, end, agents)));
                }
            }
        }
        return rows;
    }

    /** The queue's members signed in, on average over the interval. */
    private static double staffed(ConfigurationSnapshot config, String queue, Instant start, Instant end,
                                  Map<String, Map<Instant, AgentMeasures>> agents) {
        double seconds = 0;
        for (AgentDefinition a : config.routing().agents()) {
            if (a.queues().contains(queue)) {
                AgentMeasures m = agents.getOrDefault(a.id(), Map.of()).get(start);
                seconds += m == null ? 0 : m.loggedIn();
            }
        }
        return seconds / Math.max(1, Duration.between(start, end).toSeconds());
    }

    private List<Report.CallRow> callRows(Connection c, ReportRequest r) throws SQLException {
        List<Report.CallRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CALL_SUMS.formatted(r.interval().rollup("interval_start")))) {
            int i = zone(ps, 1, r);
            ps.setTimestamp(i++, Timestamp.from(r.from()));
            ps.setTimestamp(i, Timestamp.from(r.to()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getTimestamp(1).toInstant();
                    long calls = rs.getLong(2);
                    long self = rs.getLong(3);
                    rows.add(new Report.CallRow(start, r.interval().endOf(start, r.zone()), calls, self,
                            calls == 0 ? null : (double) self / calls, rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
                }
            }
        }
        return rows;
    }

    /**
     * Per agent and interval: the stored sums, plus each agent's current state up to now. Only the agents the report
     * needs: the one asked for, or a queue's members (for its staffed agents), or all.
     */
    private Map<String, Map<Instant, AgentMeasures>> agentSums(Connection c, ReportRequest r,
                                                               ConfigurationSnapshot config, Instant now)
            throws SQLException {
        List<String> only = r.agent() != null ? List.of(r.agent()) : r.queue() != null
                ? config.routing().agents().stream().filter(a -> a.queues().contains(r.queue()))
                .map(AgentDefinition::id).toList() : null;
        Map<String, Map<Instant, AgentMeasures>> sums = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(AGENT_SUMS.formatted(r.interval().rollup("interval_start")))) {
            bindRange(c, ps, r, only);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AgentMeasures m = sums.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getTimestamp(2).toInstant(), k -> new AgentMeasures());
                    for (int col = 0; col < STATE_COLUMNS.size(); col++) {
                        m.add(STATE_COLUMNS.get(col), rs.getDouble(3 + col));
                    }
                    m.count(rs.getLong(3 + STATE_COLUMNS.size()), rs.getLong(4 + STATE_COLUMNS.size()));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(REASON_SUMS.formatted(r.interval().rollup("interval_start")))) {
            bindRange(c, ps, r, only);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getTimestamp(2).toInstant(), k -> new AgentMeasures())
                            .addReason(rs.getString(3), rs.getDouble(4));
                }
            }
        }
        Set<String> known = new LinkedHashSet<>(sums.keySet());
        if (only == null) {
            config.routing().agents().forEach(a -> known.add(a.id()));
        } else {
            known.addAll(only);
        }
        try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
            ps.setArray(1, c.createArrayOf("text", known.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AgentActivity state = AgentActivity.fromDb(rs.getString(2));
                    Instant since = rs.getTimestamp(4).toInstant();
                    Instant from = since.isAfter(r.from()) ? since : r.from();
                    Instant to = now.isBefore(r.to()) ? now : r.to();
                    if (state == AgentActivity.LOGGED_OUT || !from.isBefore(to)) {
                        continue;
                    }
                    Map<Instant, AgentMeasures> agent = sums.computeIfAbsent(rs.getString(1), k -> new TreeMap<>());
                    for (Instant s = r.interval().startOf(from, r.zone()); s.isBefore(to);
                         s = r.interval().endOf(s, r.zone())) {
                        Instant e = r.interval().endOf(s, r.zone());
                        Instant a = s.isAfter(from) ? s : from;
                        Instant b = e.isBefore(to) ? e : to;
                        if (a.isBefore(b)) {
                            AgentMeasures m = agent.computeIfAbsent(s, k -> new AgentMeasures());
                            double seconds = Duration.between(a, b).toMillis() / 1000.0;
                            m.add(state, seconds);
                            if (state == AgentActivity.NOT_READY) {
                                m.addReason(rs.getString(3), seconds);
                            }
                        }
                    }
                }
            }
        }
        return sums;
    }

    /** Binds the rollup's zone, the range and the agents; returns the next parameter index. */
    private static int bindRange(Connection c, PreparedStatement ps, ReportRequest r, List<String> agents)
            throws SQLException {
        int i = zone(ps, 1, r);
        ps.setTimestamp(i++, Timestamp.from(r.from()));
        ps.setTimestamp(i++, Timestamp.from(r.to()));
        Array array = agents == null ? null : c.createArrayOf("text", agents.toArray());
        ps.setArray(i++, array);
        ps.setArray(i++, array);
        return i;
    }

    /** Sets the rollup's zone parameters, if it has any; returns the next parameter index. */
    private static int zone(PreparedStatement ps, int index, ReportRequest r) throws SQLException {
        if (!r.interval().zoned()) {
            return index;
        }
        ps.setString(index, r.zone().getId());
        ps.setString(index + 1, r.zone().getId());
        return index + 2;
    }

    /** One agent's sums in one interval, by state. */
    static final class AgentMeasures {
        private final Map<AgentActivity, Double> seconds = new HashMap<>();
        private final Map<String, Double> notReady = new TreeMap<>();
        private long answered;
        private long missed;

        void add(AgentActivity state, double s) {
            if (s != 0) {
                seconds.merge(state, s, Double::sum);
            }
        }

        void addReason(String reason, double s) {
            notReady.merge(reason == null || reason.isEmpty() ? "-" : reason, s, Double::sum);
        }

        void count(long callsAnswered, long missedOffers) {
            answered += callsAnswered;
            missed += missedOffers;
        }

        double get(AgentActivity state) {
            return seconds.getOrDefault(state, 0.0);
        }

        double loggedIn() {
            double total = 0;
            for (Map.Entry<AgentActivity, Double> e : seconds.entrySet()) {
                if (e.getKey() != AgentActivity.LOGGED_OUT) {
                    total += e.getValue();
                }
            }
            return total;
        }

        Report.AgentRow row(String agent, Instant start, Instant end) {
            double talk = get(AgentActivity.ON_CALL);
            double hold = get(AgentActivity.ON_HOLD);
            double wrap = get(AgentActivity.WRAP_UP);
            double busy = talk + hold + wrap;
            double ready = get(AgentActivity.READY);
            return new Report.AgentRow(agent, start, end, loggedIn(), ready, get(AgentActivity.NOT_READY), notReady,
                    get(AgentActivity.RINGING), talk, hold, wrap, get(AgentActivity.UNAVAILABLE),
                    busy + ready == 0 ? null : busy / (busy + ready), answered,
                    answered == 0 ? null : busy / answered, missed);
        }
    }
}
