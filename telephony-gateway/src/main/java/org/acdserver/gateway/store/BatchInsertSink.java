package org.acdserver.gateway.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes a batch of interaction records in one transaction as a JDBC batch of {@code INSERT ... ON CONFLICT
 * (call_id) DO NOTHING}, which skips records already stored. Over connections with pgjdbc's
 * {@code reWriteBatchedInserts} (as {@link Database} opens them) the batch travels as multi-row statements of up to
 * 128 rows; without it, as one statement per row. {@link JdbcRecordSink} uses it for batches that hold records
 * already stored; on its own it is the way records were written before COPY, kept as the benchmark's baseline.
 */
public final class BatchInsertSink implements RecordSink<InteractionRecord> {

    static final String COLUMNS = "call_id, caller_number, flow, ivr_path, last_step, queue, agent,"
            + " started_at, enqueued_at, answered_at, ended_at, wait_seconds, talk_seconds, outcome, csat, nps, ces,"
            + " transferred_to, hold_seconds, transferred_from";
    private static final String INSERT = "INSERT INTO interaction (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING";

    private final DataSource dataSource;

    public BatchInsertSink(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(List<InteractionRecord> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, batch);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Inserts the batch in the connection's current transaction, skipping records already stored. */
    static void insert(Connection c, List<InteractionRecord> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (InteractionRecord r : batch) {
                Array path = c.createArrayOf("text", r.ivrPath().toArray());
                ps.setString(1, r.callId());
                ps.setString(2, r.callerNumber());
                ps.setString(3, r.flow());
                ps.setArray(4, path);
                ps.setString(5, r.lastStep());
                ps.setString(6, r.queue());
                ps.setString(7, r.agent());
                ps.setTimestamp(8, ts(r.startedAt()));
                ps.setTimestamp(9, ts(r.enqueuedAt()));
                ps.setTimestamp(10, ts(r.answeredAt()));
                ps.setTimestamp(11, ts(r.endedAt()));
                setDouble(ps, 12, r.waitSeconds());
                setDouble(ps, 13, r.talkSeconds());
                ps.setString(14, r.outcome() == null ? null : r.outcome().dbValue());
                setScore(ps, 15, r.survey().get("csat"));
                setScore(ps, 16, r.survey().get("nps"));
                setScore(ps, 17, r.survey().get("ces"));
                ps.setString(18, r.transferredTo());
                setDouble(ps, 19, r.holdSeconds());
                ps.setString(20, r.transferredFrom());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static void setScore(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.SMALLINT);
        } else {
            ps.setShort(i, v.shortValue());
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
