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
 * Writes batches of interaction records in one transaction. {@code ON CONFLICT DO NOTHING} makes a retried or
 * replayed batch harmless: a call's record is never stored twice. Over a connection with pgjdbc's
 * {@code reWriteBatchedInserts} (as {@link Database} opens them) the batch goes to the server as multi-row
 * {@code INSERT}s of up to 128 rows instead of one statement per row, which is what makes it fast.
 */
public final class JdbcRecordSink implements RecordSink<InteractionRecord> {

    private static final String INSERT = "INSERT INTO interaction (call_id, caller_number, flow, ivr_path, last_step,"
            + " queue, agent, started_at, enqueued_at, answered_at, ended_at, wait_seconds, talk_seconds, outcome,"
            + " csat, nps, ces, transferred_to)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING";

    private final DataSource dataSource;

    public JdbcRecordSink(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(List<InteractionRecord> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
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
                    ps.setString(14, r.outcome().dbValue());
                    setScore(ps, 15, r.survey().get("csat"));
                    setScore(ps, 16, r.survey().get("nps"));
                    setScore(ps, 17, r.survey().get("ces"));
                    ps.setString(18, r.transferredTo());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
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
