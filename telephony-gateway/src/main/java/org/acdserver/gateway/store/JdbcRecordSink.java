package org.acdserver.gateway.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes batches of interaction records, each in one transaction, at the database's speed, and never stores a
 * call's record twice.
 *
 * <p>A batch is streamed with {@code COPY ... FROM STDIN} straight into the table: the cheapest way into
 * PostgreSQL, both for the server (no statement to parse or plan per row) and for this process (text rows built by
 * hand, see {@link CopyRow}). COPY cannot skip rows that already exist, so when the batch holds a call id that is
 * stored already (a batch replayed from the spool after a crash, a record offered twice) the unique constraint
 * stops it: the transaction is rolled back and the batch is inserted again with {@code ON CONFLICT (call_id) DO
 * NOTHING} ({@link BatchInsertSink}). Both paths store every record of the batch exactly once.
 *
 * <p>In the same transaction, the records stored for the first time are handed to a {@link StoredInteractions}
 * (the interval aggregates), so that what it adds up counts each record exactly once too.
 */
public final class JdbcRecordSink implements RecordSink<InteractionRecord> {

    private static final String COPY = "COPY interaction (" + BatchInsertSink.COLUMNS + ") FROM STDIN";
    private static final String UNIQUE_VIOLATION = "23505";
    /** Rows encoded before they are handed to the driver, so that encoding overlaps the server's work. */
    private static final int ROWS_PER_CHUNK = 256;

    private static final String EXISTING = "SELECT call_id FROM interaction WHERE call_id = ANY(?)";

    private final DataSource dataSource;
    private final StoredInteractions stored;

    /** A sink that only stores the records. */
    public JdbcRecordSink(DataSource dataSource) {
        this(dataSource, StoredInteractions.NONE);
    }

    /** A sink that also hands the records stored for the first time to {@code stored}, in their transaction. */
    public JdbcRecordSink(DataSource dataSource, StoredInteractions stored) {
        this.dataSource = dataSource;
        this.stored = stored;
    }

    @Override
    public void write(List<InteractionRecord> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                copy(c, batch);
                stored.stored(c, batch);
                c.commit();
                return;
            } catch (SQLException e) {
                c.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            try {
                List<InteractionRecord> fresh = fresh(c, batch);
                BatchInsertSink.insert(c, batch);
                stored.stored(c, fresh);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void copy(Connection c, List<InteractionRecord> batch) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            StringBuilder text = new StringBuilder(ROWS_PER_CHUNK * 384);
            CopyRow row = new CopyRow(text);
            int rows = 0;
            for (InteractionRecord r : batch) {
                encode(row, r);
                if (++rows % ROWS_PER_CHUNK == 0) {
                    send(in, text);
                }
            }
            send(in, text);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** The batch's records not stored yet, each call id once (the first, which the insert keeps). */
    private static List<InteractionRecord> fresh(Connection c, List<InteractionRecord> batch) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(EXISTING)) {
            ps.setArray(1, c.createArrayOf("text", batch.stream().map(InteractionRecord::callId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
        }
        List<InteractionRecord> fresh = new ArrayList<>();
        for (InteractionRecord r : batch) {
            if (seen.add(r.callId())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    private static void send(CopyIn in, StringBuilder text) throws SQLException {
        if (text.isEmpty()) {
            return;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    private static void encode(CopyRow row, InteractionRecord r) {
        row.text(r.callId()).text(r.callerNumber()).text(r.flow()).array(r.ivrPath()).text(r.lastStep())
                .text(r.queue()).text(r.agent()).instant(r.startedAt()).instant(r.enqueuedAt())
                .instant(r.answeredAt()).instant(r.endedAt()).number(r.waitSeconds()).number(r.talkSeconds())
                .text(r.outcome() == null ? null : r.outcome().dbValue()).number(r.survey().get("csat"))
                .number(r.survey().get("nps")).number(r.survey().get("ces")).text(r.transferredTo())
                .number(r.holdSeconds()).text(r.transferredFrom()).end();
    }
}
