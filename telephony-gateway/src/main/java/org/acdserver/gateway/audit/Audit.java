package org.acdserver.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log, append-only in PostgreSQL ({@code audit_log}; the database itself refuses UPDATE, DELETE and
 * TRUNCATE of it). Features record what users did through {@link #record}: logins, tokens, users, reloads,
 * rollbacks, callback commands, and later configuration changes, forced agent states and listen/whisper/barge.
 *
 * <p>Writes run on the executor given (the server's virtual threads for JDBC), never on the caller's thread, so an
 * event loop may call {@link #record} and go on. The future completes when the row is committed; a command that must
 * not succeed unaudited waits for it. A write that fails is logged and counted ({@code acd_audit_failures_total}),
 * and the future fails.
 */
public final class Audit implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    /** The most entries one read returns. */
    public static final int MAX_READ = 1_000;

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final DataSource dataSource;
    private final Executor executor;
    private final Timer writes;
    private final Counter failures;

    /**
     * @param dataSource the server's database
     * @param executor   where writes and reads run (blocking JDBC)
     * @param meters     where the write time ({@code acd_audit_write_seconds}) and failures are counted
     */
    public Audit(DataSource dataSource, Executor executor, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.writes = Timer.builder("acd.audit.write").description("time to commit one audit log entry")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.failures = Counter.builder("acd.audit.failures").description("audit log entries not written")
                .register(meters);
    }

    /** Writes an entry off the calling thread; completes when it is committed. */
    @Override
    public CompletableFuture<Void> record(AuditEntry entry) {
        return CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            try {
                write(entry);
            } catch (SQLException | JsonProcessingException e) {
                failures.increment();
                LOG.error("audit entry not written ({} by {} on {}): {}", entry.action(), entry.actor(),
                        entry.target(), e.getMessage());
                throw new IllegalStateException("the audit log cannot be written: " + e.getMessage(), e);
            } finally {
                writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }, executor);
    }

    /** Entries newest first, since an instant (or all), by one actor (or all), at most {@code limit}. */
    public CompletableFuture<List<AuditEntry>> read(Instant since, String actor, int limit) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return select(since, actor, Math.max(1, Math.min(MAX_READ, limit)));
            } catch (SQLException e) {
                throw new IllegalStateException("the audit log cannot be read: " + e.getMessage(), e);
            }
        }, executor);
    }

    private void write(AuditEntry e) throws SQLException, JsonProcessingException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (actor, actor_role, address, action, target, outcome, before, after, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)")) {
            ps.setString(1, e.actor());
            ps.setString(2, e.actorRole());
            ps.setString(3, e.address());
            ps.setString(4, e.action());
            ps.setString(5, e.target());
            ps.setString(6, e.success() ? "success" : "failure");
            json(ps, 7, e.before());
            json(ps, 8, e.after());
            ps.setString(9, e.detail());
            ps.executeUpdate();
        }
    }

    private static void json(PreparedStatement ps, int index, Object value)
            throws SQLException, JsonProcessingException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, JSON.writeValueAsString(value));
        }
    }

    private List<AuditEntry> select(Instant since, String actor, int limit) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, at, actor, actor_role, address, action, target, outcome, before::text, after::text,"
                        + " detail FROM audit_log WHERE at >= ? AND (CAST(? AS text) IS NULL OR actor = ?)"
                        + " ORDER BY id DESC LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(since == null ? Instant.EPOCH : since));
            ps.setString(2, actor);
            ps.setString(3, actor);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            "success".equals(rs.getString(8)), tree(rs.getString(9)), tree(rs.getString(10)),
                            rs.getString(11)));
                }
            }
        }
        return entries;
    }

    private static Object tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
