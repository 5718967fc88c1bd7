package org.acdserver.gateway.desktop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The wrap-ups agents write after their calls, in {@code interaction_wrap_up}, one row per call next to its
 * interaction record. Writing a call's wrap-up again replaces it (the agent corrected it). Blocking: run it on the
 * JDBC executor.
 */
public final class WrapUpStore {

    /** Where wrap-ups are written: this store, or a fake in tests. */
    @FunctionalInterface
    public interface Writer {
        void store(WrapUp w) throws SQLException;
    }

    /** One call's wrap-up. */
    public record WrapUp(String callId, String agent, String code, String note) {
    }

    private final DataSource dataSource;

    public WrapUpStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores (or replaces) a call's wrap-up. */
    public void store(WrapUp w) throws SQLException {
        String sql = "INSERT INTO interaction_wrap_up (call_id, agent, code, note) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (call_id) DO UPDATE SET agent = EXCLUDED.agent, code = EXCLUDED.code,"
                + " note = EXCLUDED.note, wrapped_at = now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, w.callId());
            ps.setString(2, w.agent());
            ps.setString(3, w.code());
            ps.setString(4, w.note());
            ps.executeUpdate();
        }
    }

    /** A call's wrap-up, if one was written. */
    public Optional<WrapUp> find(String callId) throws SQLException {
        String sql = "SELECT call_id, agent, code, note FROM interaction_wrap_up WHERE call_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new WrapUp(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))) : Optional.empty();
            }
        }
    }
}
