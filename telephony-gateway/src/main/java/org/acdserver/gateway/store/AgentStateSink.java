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
 * the quarter hours it spans and added to the agent's row of {@code agent_interval} (one column per state), and for
 * a pause to {@code agent_reason_interval} under its reason. Time talking, on hold and in wrap-up for a call is also
 * added to the call's queue in {@code queue_interval}, in the quarter hour the call entered the queue, as the parts
 * of its handle time. Each change into {@code on_call} counts a call answered (a return from hold does not), each
 * one a ring-no-answer caused a missed offer, each pause begun an entry under its reason. The change last stored
 * for an agent stays open: reports add its time up to the moment they are asked for.
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
    private static final String AGENT_SUMS = "INSERT INTO agent_interval AS a (agent, interval_start, ready_seconds,"
            + " not_ready_seconds, ringing_seconds, talk_seconds, hold_seconds, wrap_up_seconds, unavailable_seconds,"
            + " calls_answered, missed_offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (agent, interval_start) DO UPDATE SET"
            + " ready_seconds = a.ready_seconds + EXCLUDED.ready_seconds,"
            + " not_ready_seconds = a.not_ready_seconds + EXCLUDED.not_ready_seconds,"
            + " ringing_seconds = a.ringing_seconds + EXCLUDED.ringing_seconds,"
            + " talk_seconds = a.talk_seconds + EXCLUDED.talk_seconds,"
            + " hold_seconds = a.hold_seconds + EXCLUDED.hold_seconds,"
            + " wrap_up_seconds = a.wrap_up_seconds + EXCLUDED.wrap_up_seconds,"
            + " unavailable_seconds = a.unavailable_seconds + EXCLUDED.unavailable_seconds,"
            + " calls_answered = a.calls_answered + EXCLUDED.calls_answered,"
            + " missed_offers = a.missed_offers + EXCLUDED.missed_offers";
    private static final String REASON_SUMS = "INSERT INTO agent_reason_interval AS r (agent, interval_start, reason,"
            + " seconds, entries) VALUES (?, ?, ?, ?, ?) ON CONFLICT (agent, interval_start, reason) DO UPDATE SET"
            + " seconds = r.seconds + EXCLUDED.seconds, entries = r.entries + EXCLUDED.entries";
    private static final String QUEUE_SUMS = "INSERT INTO queue_interval AS q (queue, interval_start, talk_seconds,"
            + " hold_seconds, wrap_up_seconds) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (queue, interval_start) DO UPDATE SET"
            + " talk_seconds = q.talk_seconds + EXCLUDED.talk_seconds,"
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

    /** The states whose time {@code agent_interval} keeps, in its column order; signed out is not kept. */
    static final List<AgentActivity> COLUMNS = List.of(AgentActivity.READY, AgentActivity.NOT_READY,
            AgentActivity.RINGING, AgentActivity.ON_CALL, AgentActivity.ON_HOLD, AgentActivity.WRAP_UP,
            AgentActivity.UNAVAILABLE);

    /** One agent's sums in one quarter hour: seconds per state column, calls answered, offers missed. */
    static final class AgentSum {
        final double[] seconds = new double[COLUMNS.size()];
        int answered;
        int missed;
    }

    /** One agent's not-ready time and pauses begun for one reason in one quarter hour. */
    static final class ReasonSum {
        double seconds;
        int entries;
    }

    /** What one batch adds up, keyed by (agent or queue, quarter hour[, reason]) in a sorted order. */
    static final class Sums {
        final Map<List<Object>, AgentSum> agents = new TreeMap<>(KEY_ORDER);
        final Map<List<Object>, ReasonSum> reasons = new TreeMap<>(KEY_ORDER);
        final Map<List<Object>, double[]> queues = new TreeMap<>(KEY_ORDER);

        AgentSum agent(String agent, Instant quarter) {
            return agents.computeIfAbsent(List.of(agent, quarter), k -> new AgentSum());
        }

        ReasonSum reason(String agent, Instant quarter, String reason) {
            return reasons.computeIfAbsent(List.of(agent, quarter, reason), k -> new ReasonSum());
        }
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
                Sums sums = new Sums();
                for (AgentStateRecord r : fresh) {
                    AgentStateRecord before = open.put(r.agent(), r);
                    if (before != null) {
                        close(before, r.at(), sums);
                    }
                    count(r, before, sums);
                }
                upsert(c, sums);
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
    static void close(AgentStateRecord change, Instant end, Sums sums) {
        long from = change.at().toEpochMilli();
        long to = end.toEpochMilli();
        int column = COLUMNS.indexOf(change.activity());
        if (to <= from || column < 0) {
            return;
        }
        for (long q = Math.floorDiv(from, QuarterHour.MILLIS) * QuarterHour.MILLIS; q < to; q += QuarterHour.MILLIS) {
            double part = (Math.min(to, q + QuarterHour.MILLIS) - Math.max(from, q)) / 1000.0;
            Instant quarter = Instant.ofEpochMilli(q);
            sums.agent(change.agent(), quarter).seconds[column] += part;
            if (change.activity() == AgentActivity.NOT_READY) {
                sums.reason(change.agent(), quarter, reason(change)).seconds += part;
            }
        }
        int part = switch (change.activity()) {
            case ON_CALL -> 0;
            case ON_HOLD -> 1;
            case WRAP_UP -> 2;
            default -> -1;
        };
        if (part >= 0 && change.queue() != null && change.callEnqueuedAt() != null) {
            sums.queues.computeIfAbsent(List.of(change.queue(), QuarterHour.startOf(change.callEnqueuedAt())),
                    k -> new double[3])[part] += (to - from) / 1000.0;
        }
    }

    /** Counts the change where it begins: a call answered, an offer missed, a pause begun. */
    static void count(AgentStateRecord change, AgentStateRecord before, Sums sums) {
        Instant quarter = QuarterHour.startOf(change.at());
        // A return from hold is the same call.
        boolean answered = change.activity() == AgentActivity.ON_CALL
                && (before == null || before.activity() != AgentActivity.ON_HOLD);
        boolean missed = change.cause() == AgentStateCause.RING_NO_ANSWER;
        if (answered || missed) {
            AgentSum sum = sums.agent(change.agent(), quarter);
            sum.answered += answered ? 1 : 0;
            sum.missed += missed ? 1 : 0;
        }
        if (change.activity() == AgentActivity.NOT_READY) {
            sums.reason(change.agent(), quarter, reason(change)).entries++;
        }
    }

    private static String reason(AgentStateRecord change) {
        return change.reason() == null ? "" : change.reason();
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

    private static void upsert(Connection c, Sums sums) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AGENT_SUMS)) {
            for (Map.Entry<List<Object>, AgentSum> e : sums.agents.entrySet()) {
                ps.setString(1, (String) e.getKey().get(0));
                ps.setTimestamp(2, Timestamp.from((Instant) e.getKey().get(1)));
                for (int i = 0; i < COLUMNS.size(); i++) {
                    ps.setDouble(3 + i, e.getValue().seconds[i]);
                }
                ps.setInt(3 + COLUMNS.size(), e.getValue().answered);
                ps.setInt(4 + COLUMNS.size(), e.getValue().missed);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(REASON_SUMS)) {
            for (Map.Entry<List<Object>, ReasonSum> e : sums.reasons.entrySet()) {
                ps.setString(1, (String) e.getKey().get(0));
                ps.setTimestamp(2, Timestamp.from((Instant) e.getKey().get(1)));
                ps.setString(3, (String) e.getKey().get(2));
                ps.setDouble(4, e.getValue().seconds);
                ps.setInt(5, e.getValue().entries);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(QUEUE_SUMS)) {
            for (Map.Entry<List<Object>, double[]> e : sums.queues.entrySet()) {
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
