package org.acdserver.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.acdserver.flow.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores messages callers leave, with status {@code new}, so that they can be routed to an agent as work. Writes
 * run on the given executor, never on an event loop; a failed write is retried a few times, then logged with the
 * file name so the message can still be found on disk.
 */
public final class VoicemailBox {

    private static final Logger LOG = LoggerFactory.getLogger(VoicemailBox.class);
    private static final int ATTEMPTS = 5;

    /** A stored message. */
    public record Message(String callId, String mailbox, String callerNumber, String file, String format,
                          double seconds, String status) {
    }

    private final DataSource dataSource;
    private final Executor executor;

    public VoicemailBox(DataSource dataSource, Executor executor) {
        this.dataSource = dataSource;
        this.executor = executor;
    }

    /** Stores a message; completes when it is written (or given up on, logged). */
    public CompletableFuture<Void> store(String callId, String callerNumber, Recording r) {
        return CompletableFuture.runAsync(() -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    insert(callId, callerNumber, r);
                    return;
                } catch (SQLException e) {
                    LOG.warn("voicemail of call {} ({}): write attempt {} failed: {}", callId, r.file(), attempt,
                            e.getMessage());
                    try {
                        Thread.sleep(200L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            LOG.error("voicemail of call {} for mailbox {} not stored; the recording is {}", callId, r.mailbox(),
                    r.file());
        }, executor);
    }

    private void insert(String callId, String callerNumber, Recording r) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO voicemail (call_id, mailbox, caller_number, file, format, seconds)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING")) {
            ps.setString(1, callId);
            ps.setString(2, r.mailbox());
            ps.setString(3, callerNumber);
            ps.setString(4, r.file());
            ps.setString(5, r.format());
            ps.setDouble(6, r.seconds());
            ps.executeUpdate();
        }
    }

    /** The message a call left, if any. Blocking. */
    public Optional<Message> byCallId(String callId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT call_id, mailbox, caller_number, file, format, seconds, status FROM voicemail"
                        + " WHERE call_id = ?")) {
            ps.setString(1, callId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Message(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getDouble(6), rs.getString(7))) : Optional.empty();
            }
        }
    }
}
