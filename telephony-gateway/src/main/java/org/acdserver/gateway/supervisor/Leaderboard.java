package org.acdserver.gateway.supervisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The day's leaderboard of every queue: per queue and agent, calls handled, average handle time and CSAT.
 *
 * <p>Handle time comes from the agent-state history (the time on call, on hold and in wrap-up with a call of the
 * queue, each state lasting until the agent's next one, or until now), so that a call's hold and wrap-up count in
 * the queue the call came from, as in the interval report. A call that runs over midnight counts on both days, each
 * with its own part of the time. CSAT is the mean survey score of the agent's calls of
 * the queue, from the interaction records (one index range over the queue's day).
 */
public final class Leaderboard {

    private static final String HANDLING = "SELECT s.queue, s.agent,"
            + " count(DISTINCT s.call_id) FILTER (WHERE s.state = 'on_call'),"
            + " sum(extract(epoch FROM least(coalesce(s.until, ?), ?) - greatest(s.at, ?)))"
            + " FROM (SELECT agent, state, queue, call_id, at,"
            + " lead(at) OVER (PARTITION BY agent ORDER BY at, id) AS until"
            + " FROM agent_state WHERE at >= ? AND at < ?) s"
            + " WHERE s.queue IS NOT NULL AND s.state IN ('on_call', 'on_hold', 'wrap_up')"
            + " AND coalesce(s.until, ?) > ? GROUP BY 1, 2";
    /** How far before the day a state that runs into it is looked for: no call is handled for longer. */
    private static final Duration CARRIED_OVER = Duration.ofDays(1);
    private static final String SURVEYS = "SELECT queue, agent, avg(csat), count(csat) FROM interaction"
            + " WHERE enqueued_at >= ? AND enqueued_at < ? AND queue IS NOT NULL AND agent IS NOT NULL"
            + " AND csat IS NOT NULL GROUP BY 1, 2";

    private final DataSource dataSource;

    public Leaderboard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One agent's day in one queue, before it is set against the queue's target. */
    public record Line(String queue, String agent, long handled, double handleSeconds, Double csatMean,
                       long csatAnswers) {

        /** Average handle time, or null when nothing was handled. */
        public Double ahtSeconds() {
            return handled == 0 ? null : handleSeconds / handled;
        }
    }

    /** Every queue's lines for the day {@code [from, to)}, up to {@code now}; most calls handled first. */
    public Map<String, List<Line>> day(Instant from, Instant to, Instant now) throws SQLException {
        Map<String, Map<String, long[]>> counts = new HashMap<>();
        Map<String, Map<String, double[]>> sums = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(HANDLING)) {
                Timestamp end = Timestamp.from(now.isBefore(to) ? now : to);
                Timestamp start = Timestamp.from(from);
                s.setTimestamp(1, end);
                s.setTimestamp(2, end);
                s.setTimestamp(3, start);
                s.setTimestamp(4, Timestamp.from(from.minus(CARRIED_OVER)));
                s.setTimestamp(5, Timestamp.from(to));
                s.setTimestamp(6, end);
                s.setTimestamp(7, start);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        counts.computeIfAbsent(r.getString(1), q -> new HashMap<>())
                                .put(r.getString(2), new long[] {r.getLong(3), 0});
                        sums.computeIfAbsent(r.getString(1), q -> new HashMap<>())
                                .put(r.getString(2), new double[] {r.getDouble(4), Double.NaN});
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(SURVEYS)) {
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        counts.computeIfAbsent(r.getString(1), q -> new HashMap<>())
                                .computeIfAbsent(r.getString(2), a -> new long[2])[1] = r.getLong(4);
                        sums.computeIfAbsent(r.getString(1), q -> new HashMap<>())
                                .computeIfAbsent(r.getString(2), a -> new double[] {0, Double.NaN})[1] =
                                r.getDouble(3);
                    }
                }
            }
        }
        Map<String, List<Line>> out = new HashMap<>();
        counts.forEach((queue, agents) -> {
            List<Line> lines = new ArrayList<>();
            agents.forEach((agent, n) -> {
                double[] sum = sums.get(queue).get(agent);
                lines.add(new Line(queue, agent, n[0], sum[0], Double.isNaN(sum[1]) ? null : sum[1], n[1]));
            });
            lines.sort(Comparator.comparingLong(Line::handled).reversed().thenComparing(Line::agent));
            out.put(queue, lines);
        });
        return out;
    }
}
