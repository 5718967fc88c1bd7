package org.acdserver.gateway.auth;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Users in {@code app_user}. Blocking JDBC: call it from a worker or virtual thread, never an event loop. The
 * password hash is read only by {@link #credentials}, for checking a login.
 */
public final class UserStore {

    /** A user and their password hash, for checking a login. */
    public record Credentials(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[" + user.username() + "]";
        }
    }

    static final String COLUMNS = "u.id, u.username, u.role, u.agent_id, u.queues, u.disabled";

    private final DataSource dataSource;

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException when the username is taken or invalid, or an agent user has no agent
     */
    public User add(String username, String passwordHash, Role role, String agentId, Set<String> queues)
            throws SQLException {
        if (role == Role.AGENT && (agentId == null || agentId.isBlank())) {
            throw new IllegalArgumentException("an agent user needs the agent it is (--agent / \"agent\")");
        }
        if (role != Role.AGENT && agentId != null) {
            throw new IllegalArgumentException("only an agent user is an agent; drop the agent for a " + role);
        }
        if (role != Role.SUPERVISOR && queues != null && !queues.isEmpty()) {
            throw new IllegalArgumentException("only a supervisor supervises queues; drop the queues for a " + role);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO app_user (username, password_hash, role, agent_id, queues) VALUES (?, ?, ?, ?, ?)"
                        + " RETURNING id")) {
            ps.setString(1, username);
            ps.setString(2, passwordHash);
            ps.setString(3, role.wireName());
            ps.setString(4, agentId);
            ps.setArray(5, c.createArrayOf("text", (queues == null ? Set.<String>of() : queues).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new User(rs.getLong(1), username, role, agentId, queues, false);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException(e.getMessage().contains("agent_id")
                        ? "agent '" + agentId + "' already has a user" : "user '" + username + "' exists already");
            }
            if ("23514".equals(e.getSQLState())) {
                throw new IllegalArgumentException("'" + username + "' is not a valid username: letters, digits and"
                        + " . _ @ - only, starting with a letter or digit, at most 64 characters");
            }
            throw e;
        }
    }

    /** The user with this name, enabled or not. */
    public Optional<User> find(String username) throws SQLException {
        return credentials(username).map(Credentials::user);
    }

    /** The user with this name and their password hash, for checking a login. */
    public Optional<Credentials> credentials(String username) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + ", u.password_hash FROM app_user u WHERE u.username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Credentials(read(rs), rs.getString(7))) : Optional.empty();
            }
        }
    }

    /** Every user, by name. */
    public List<User> list() throws SQLException {
        List<User> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM app_user u ORDER BY u.username");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(read(rs));
            }
        }
        return users;
    }

    /** Whether an enabled admin exists. */
    public boolean hasAdmin() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM app_user WHERE role = 'admin' AND NOT disabled LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Sets a new password hash and ends the user's browser sessions; false when there is no such user. */
    public boolean setPassword(String username, String passwordHash) throws SQLException {
        return update(username, "UPDATE app_user SET password_hash = ?, updated_at = now() WHERE username = ?",
                passwordHash, true);
    }

    /**
     * Disables or enables a user; disabling ends their sessions at once (their tokens are refused while disabled).
     * False when there is no such user.
     */
    public boolean setDisabled(String username, boolean disabled) throws SQLException {
        return update(username, "UPDATE app_user SET disabled = ?, updated_at = now() WHERE username = ?", disabled,
                disabled);
    }

    private boolean update(String username, String sql, Object value, boolean endSessions) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean found;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, value);
                    ps.setString(2, username);
                    found = ps.executeUpdate() == 1;
                }
                if (found && endSessions) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_session WHERE user_id ="
                            + " (SELECT id FROM app_user WHERE username = ?)")) {
                        ps.setString(1, username);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return found;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A user from a row that starts with {@link #COLUMNS}. */
    static User read(ResultSet rs) throws SQLException {
        Array queues = rs.getArray(5);
        return new User(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getString(4),
                queues == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) queues.getArray())),
                rs.getBoolean(6));
    }
}
