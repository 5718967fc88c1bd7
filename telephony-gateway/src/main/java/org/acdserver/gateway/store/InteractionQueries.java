package org.acdserver.gateway.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads interaction records back: for reports, the demo and tests. Blocking; never call it on an event loop. */
public final class InteractionQueries {

    private static final String COLUMNS = "call_id, caller_number, flow, ivr_path, last_step, queue, agent,"
            + " started_at, enqueued_at, answered_at, ended_at, wait_seconds, talk_seconds, outcome, csat, nps, ces,"
            + " transferred_to, hold_seconds, transferred_from";

    private final DataSource dataSource;

    public InteractionQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Totals since a point in time.
     *
     * @param offered            calls that started
     * @param answered           calls an agent talked to
     * @param abandoned          calls the caller hung up, in the IVR or in a queue
     * @param averageWaitSeconds mean queue wait of answered calls (0 when none)
     */
    public record Summary(long offered, long answered, long abandoned, double averageWaitSeconds) {
    }

    public List<InteractionRecord> all() {
        return list("SELECT " + COLUMNS + " FROM interaction ORDER BY started_at, id", null);
    }

    public Optional<InteractionRecord> byCallId(String callId) {
        return list("SELECT " + COLUMNS + " FROM interaction WHERE call_id = ?", callId).stream().findFirst();
    }

    public Summary summary(Instant since) {
        String sql = "SELECT count(*), count(*) FILTER (WHERE outcome = 'answered'),"
                + " count(*) FILTER (WHERE outcome IN ('abandoned_in_ivr', 'abandoned_in_queue')),"
                + " coalesce(avg(wait_seconds) FILTER (WHERE outcome = 'answered'), 0)"
                + " FROM interaction WHERE started_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read interaction summary", e);
        }
    }

    private List<InteractionRecord> list(String sql, String param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<InteractionRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read interaction records", e);
        }
    }

    private static InteractionRecord read(ResultSet rs) throws SQLException {
        Array path = rs.getArray(4);
        List<String> ivrPath = path == null ? List.of() : Arrays.asList((String[]) path.getArray());
        return new InteractionRecord(rs.getString(1), rs.getString(2), rs.getString(3), ivrPath, rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9), instant(rs, 10), instant(rs, 11),
                (Double) rs.getObject(12), (Double) rs.getObject(13), InteractionOutcome.fromDb(rs.getString(14)),
                survey(rs), rs.getString(18), (Double) rs.getObject(19),
                rs.getString(20));
    }

    private static Map<String, Integer> survey(ResultSet rs) throws SQLException {
        Map<String, Integer> scores = new LinkedHashMap<>();
        String[] kinds = {"csat", "nps", "ces"};
        for (int i = 0; i < kinds.length; i++) {
            Number n = (Number) rs.getObject(15 + i);
            if (n != null) {
                scores.put(kinds[i], n.intValue());
            }
        }
        return scores;
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }
}
