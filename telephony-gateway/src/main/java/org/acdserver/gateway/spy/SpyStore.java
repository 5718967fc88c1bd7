package org.acdserver.gateway.spy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Supervisors' phones ({@code user_phone}) and spies ({@code spy_session}, {@code spy_mode_change}) in PostgreSQL. */
public final class SpyStore implements SpyRecords {

    private final DataSource dataSource;

    public SpyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<String> phone(String username) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT p.endpoint FROM user_phone p JOIN app_user u ON u.id = p.user_id WHERE u.username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean setPhone(String username, String endpoint) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_phone (user_id, endpoint) SELECT id, ? FROM app_user WHERE username = ?"
                        + " ON CONFLICT (user_id) DO UPDATE SET endpoint = EXCLUDED.endpoint, updated_at = now()")) {
            ps.setString(1, endpoint);
            ps.setString(2, username);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public long open(String supervisor, String agentId, String callId, String agentChannel, String phone,
                     SpyMode mode, Instant requestedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO spy_session (supervisor, agent_id, call_id, agent_channel, phone, mode, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, supervisor);
            ps.setString(2, agentId);
            ps.setString(3, callId);
            ps.setString(4, agentChannel);
            ps.setString(5, phone);
            ps.setString(6, mode.wireName());
            ps.setTimestamp(7, Timestamp.from(requestedAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void joined(long id, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE spy_session SET started_at = ? WHERE id = ? AND started_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    @Override
    public void modeChanged(long id, SpyMode mode, String by, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO spy_mode_change (spy_id, at, mode, changed_by) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, mode.wireName());
            ps.setString(4, by);
            ps.executeUpdate();
        }
    }

    @Override
    public void ended(long id, Instant at, long durationMillis, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE spy_session SET ended_at = ?, duration_ms = ?, end_reason = ? WHERE id = ?"
                        + " AND ended_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, durationMillis);
            ps.setString(3, reason);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    @Override
    public List<SpyRow> since(Instant since, int limit) throws SQLException {
        List<SpyRow> spies = new ArrayList<>();
        Map<Long, List<SpyRow.ModeChange>> changes = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, supervisor, agent_id, call_id, agent_channel,"
                    + " phone, mode, requested_at, started_at, ended_at, duration_ms, end_reason FROM spy_session"
                    + " WHERE requested_at >= ? ORDER BY requested_at DESC, id DESC LIMIT ?")) {
                ps.setTimestamp(1, Timestamp.from(since));
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long duration = rs.getLong(11);
                        Long durationMs = rs.wasNull() ? null : duration;
                        spies.add(new SpyRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), SpyMode.parse(rs.getString(7)), instant(rs, 8),
                                instant(rs, 9), instant(rs, 10), durationMs, rs.getString(12), List.of()));
                    }
                }
            }
            if (!spies.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT spy_id, at, mode, changed_by FROM"
                        + " spy_mode_change WHERE spy_id = ANY (?) ORDER BY at")) {
                    ps.setArray(1, c.createArrayOf("bigint", spies.stream().map(SpyRow::id).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new SpyRow.ModeChange(
                                    instant(rs, 2), SpyMode.parse(rs.getString(3)), rs.getString(4)));
                        }
                    }
                }
            }
        }
        return spies.stream().map(r -> new SpyRow(r.id(), r.supervisor(), r.agentId(), r.callId(), r.agentChannel(),
                r.phone(), r.mode(), r.requestedAt(), r.startedAt(), r.endedAt(), r.durationMs(), r.endReason(),
                changes.getOrDefault(r.id(), List.of()))).toList();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
