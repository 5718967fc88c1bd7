package org.acdserver.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;

/**
 * Stores batches of agent-state changes, each batch in one transaction, and keeps the time spent in each state up to
 * date in the same transaction, so that each change is counted exactly once.
 *
 * <p>A change lasts until the agent's next one. So when a change is stored, the agent's change before it (the last
 * one stored, or the one before it in the batch) is closed: its time, from its start to this change, is split over
 * the quarter hours it spans and added to {@code agent_interval} (by agent, quarter hour, state and not-ready
 * reason). Time talking, on hold and in wrap-up for a call is also added to the call's queue in
 * {@code queue_interval}, in the quarter hour the call entered the queue, as the parts of its handle time. Each
 * change also counts one entry into its state, and one missed offer when a ring-no-answer caused it. The change last
 * stored for an agent stays open: reports add its time up to the moment they are asked for. Entries into
 * {@code on_call} count calls answered: a return from hold is not counted again.
 *
 * <p>A change already stored (same event id: a batch replayed from the spool after a lost acknowledgement) is
 * skipped, in the insert and in the sums. Changes of one agent arrive in the order they happened, as the routing
 * thread made them, since one writer stores them in order.
 */
public final class AgentStateSink implements RecordSink<AgentStateRecord> {

    private static final String EXISTING = "SELECT event_id FROM agent_state WHERE event_id = ANY(?)";
    /** Each agent's last change: one index probe per agent, however long its history. */
    private static final String LAST = "SELECT a.agent, s.state, s.reason, s.cause, s.call_id, s.queue,"
            + " s.call_enqueued_at, s.at FROM unnest(?::text[]) AS a(agent) CROSS JOIN LATERAL (SELECT * FROM"
            + " agent_state x WHERE x.agent = a.agent ORDER BY x.at DESC, x.id DESC LIMIT 1) s";
    private static final String INSERT = "INSERT INTO agent_state (event_id, agent, state, reason, cause, call_id,"
            + " queue, call_enqueued_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    private static final String AGENT_SUMS = "INSERT INTO agent_interval AS a (agent, interval_start, state, reason,"
            + " seconds, entries, missed_offers) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (agent, interval_start, state, reason) DO UPDATE SET seconds = a.seconds + EXCLUDED.seconds,"
            + " entries = a.entries + EXCLUDED.entries, missed_offers = a.missed_offers + EXCLUDED.missed_offers";
    private static final String QUEUE_SUMS = "INSERT INTO queue_interval AS q (queue, interval_start, talk_seconds,"
            + " hold_seconds, wrap_up_seconds) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (queue, interval_start) DO UPDATE SET talk_seconds = q.talk_seconds + EXCLUDED.talk_seconds,"
            + " hold_seconds = q.hold_seconds + EXCLUDED.hold_seconds,"
            + " wrap_up_seconds = q.wrap_up_seconds + EXCLUDED.wrap_up_seconds";

    /** Keys of the sums (text and instants) in their natural order, field by field. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final DataSource dataSource;

    public AgentStateSink(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Time in one agent state (and reason) in one quarter hour, entries into it, and missed offers. */
    static final class AgentSum {
        double seconds;
        int entries;
        int missed;
    }

    @Override
    public void write(List<AgentStateRecord> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<AgentStateRecord> fresh = fresh(c, batch);
                Map<String, AgentStateRecord> open = last(c, fresh);
                insert(c, fresh);
                // Sorted, so that rows are locked in one order by this writer and the interaction writer alike.
                Map<List<Object>, AgentSum> agentSums = new TreeMap<>(KEY_ORDER);
                Map<List<Object>, double[]> queueSums = new TreeMap<>(KEY_ORDER);
                for (AgentStateRecord r : fresh) {
                    AgentStateRecord before = open.put(r.agent(), r);
                    if (before != null) {
                        close(before, r.at(), agentSums, queueSums);
                    }
                    // A return from hold is the same call: on_call entries count calls answered.
                    boolean backFromHold = r.activity() == AgentActivity.ON_CALL && before != null
                            && before.activity() == AgentActivity.ON_HOLD;
                    boolean missed = r.cause() == AgentStateCause.RING_NO_ANSWER;
                    if (!backFromHold || missed) {
                        AgentSum entry = agentSums.computeIfAbsent(key(r.agent(), QuarterHour.startOf(r.at()), r),
                                k -> new AgentSum());
                        entry.entries += backFromHold ? 0 : 1;
                        entry.missed += missed ? 1 : 0;
                    }
                }
                upsert(c, agentSums, queueSums);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Adds the time of {@code change}, from its start to {@code end}, to the quarter hours it spans, and for a call's
     * talk, hold and wrap-up to the call's queue.
     */
    static void close(AgentStateRecord change, Instant end, Map<List<Object>, AgentSum> agentSums,
                      Map<List<Object>, double[]> queueSums) {
        long from = change.at().toEpochMilli();
        long to = end.toEpochMilli();
        if (to <= from) {
            return;
        }
        for (long q = Math.floorDiv(from, QuarterHour.MILLIS) * QuarterHour.MILLIS; q < to; q += QuarterHour.MILLIS) {
            long part = Math.min(to, q + QuarterHour.MILLIS) - Math.max(from, q);
            agentSums.computeIfAbsent(key(change.agent(), Instant.ofEpochMilli(q), change), k -> new AgentSum())
                    .seconds += part / 1000.0;
        }
        int column = switch (change.activity()) {
            case ON_CALL -> 0;
            case ON_HOLD -> 1;
            case WRAP_UP -> 2;
            default -> -1;
        };
        if (column >= 0 && change.queue() != null && change.callEnqueuedAt() != null) {
            queueSums.computeIfAbsent(List.of(change.queue(), QuarterHour.startOf(change.callEnqueuedAt())),
                    k -> new double[3])[column] += (to - from) / 1000.0;
        }
    }

    private static List<Object> key(String agent, Instant quarter, AgentStateRecord change) {
        return List.of(agent, quarter, change.activity().dbValue(), change.reason() == null ? "" : change.reason());
    }

    /** The batch's changes not stored yet, each event id once. */
    private static List<AgentStateRecord> fresh(Connection c, List<AgentStateRecord> batch) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setArray(1, c.createArrayOf("text", batch.stream().map(AgentStateRecord::eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
        }
        List<AgentStateRecord> fresh = new ArrayList<>();
        for (AgentStateRecord r : batch) {
            if (seen.add(r.eventId())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    /** Each agent's last stored change, the one the batch's first change of the agent closes. */
    private static Map<String, AgentStateRecord> last(Connection c, List<AgentStateRecord> fresh) throws SQLException {
        Map<String, AgentStateRecord> last = new HashMap<>();
        if (fresh.isEmpty()) {
            return last;
        }
        Set<String> agents = new LinkedHashSet<>();
        fresh.forEach(r -> agents.add(r.agent()));
        try (PreparedStatement ps = c.prepareStatement(LAST)) {
            ps.setArray(1, c.createArrayOf("text", agents.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp enqueued = rs.getTimestamp(7);
                    last.put(rs.getString(1), new AgentStateRecord("stored", rs.getString(1),
                            AgentActivity.fromDb(rs.getString(2)), AgentStateCause.fromDb(rs.getString(4)),
                            rs.getString(3), rs.getString(5), rs.getString(6),
                            enqueued == null ? null : enqueued.toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return last;
    }

    private static void insert(Connection c, List<AgentStateRecord> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AgentStateRecord r : fresh) {
                ps.setString(1, r.eventId());
                ps.setString(2, r.agent());
                ps.setString(3, r.activity().dbValue());
                ps.setString(4, r.reason());
                ps.setString(5, r.cause().dbValue());
                ps.setString(6, r.callId());
                ps.setString(7, r.queue());
                ps.setTimestamp(8, r.callEnqueuedAt() == null ? null : Timestamp.from(r.callEnqueuedAt()));
                ps.setTimestamp(9, Timestamp.from(r.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void upsert(Connection c, Map<List<Object>, AgentSum> agentSums,
                               Map<List<Object>, double[]> queueSums) throws SQLException {
        if (!agentSums.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(AGENT_SUMS)) {
                for (Map.Entry<List<Object>, AgentSum> e : agentSums.entrySet()) {
                    List<Object> k = e.getKey();
                    ps.setString(1, (String) k.get(0));
                    ps.setTimestamp(2, Timestamp.from((Instant) k.get(1)));
                    ps.setString(3, (String) k.get(2));
                    ps.setString(4, (String) k.get(3));
                    ps.setDouble(5, e.getValue().seconds);
                    ps.setInt(6, e.getValue().entries);
                    ps.setInt(7, e.getValue().missed);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!queueSums.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(QUEUE_SUMS)) {
                for (Map.Entry<List<Object>, double[]> e : queueSums.entrySet()) {
                    ps.setString(1, (String) e.getKey().get(0));
                    ps.setTimestamp(2, Timestamp.from((Instant) e.getKey().get(1)));
                    ps.setDouble(3, e.getValue()[0]);
                    ps.setDouble(4, e.getValue()[1]);
                    ps.setDouble(5, e.getValue()[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
