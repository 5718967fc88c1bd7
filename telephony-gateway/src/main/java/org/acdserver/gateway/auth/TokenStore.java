package org.acdserver.gateway.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API tokens in {@code api_token}: bearer secrets for scripts, each with a name, an owner and an expiry. Only their
 * SHA-256 is stored, so a token is shown once, when it is created. Blocking JDBC: never on an event loop.
 */
public final class TokenStore {

    /** What every token starts with, so that one found in a file or a log is recognisable. */
    public static final String PREFIX = "acd_";
    /** Characters of a token kept in clear to tell tokens apart in a list (the prefix and 6 more). */
    private static final int SHOWN = PREFIX.length() + 6;
    /** Last-used times are written at most this often per token. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A token as listed: never its secret. */
    public record Token(long id, String user, String name, String prefix, String createdBy, Instant createdAt,
                        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {
    }

    /** A token just created, with its secret: the only time the secret is known. */
    public record Created(Token token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + "]";
        }
    }

    private final DataSource dataSource;
    private final Clock clock;

    public TokenStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates a token for a user, expiring at {@code expiresAt}. */
    public Created create(User owner, String name, Instant expiresAt, String createdBy) throws SQLException {
        String secret = Secrets.newSecret(PREFIX);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_token (user_id, name, secret_hash, prefix, created_by, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, owner.id());
            ps.setString(2, name);
            ps.setString(3, Secrets.hash(secret));
            ps.setString(4, secret.substring(0, SHOWN));
            ps.setString(5, createdBy);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(expiresAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Created(new Token(rs.getLong(1), owner.username(), name, secret.substring(0, SHOWN),
                        createdBy, now, expiresAt, null, null, null), secret);
            }
        }
    }

    /** The user of a live token (not revoked, not expired, user enabled); notes when it was last used. */
    public Optional<User> find(String secret) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            User user;
            long id;
            Timestamp lastUsed;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UserStore.COLUMNS
                    + ", t.id, t.last_used_at FROM api_token t JOIN app_user u ON u.id = t.user_id"
                    + " WHERE t.secret_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND NOT u.disabled")) {
                ps.setString(1, Secrets.hash(secret));
                ps.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    user = UserStore.read(rs);
                    id = rs.getLong(7);
                    lastUsed = rs.getTimestamp(8);
                }
            }
            if (lastUsed == null || lastUsed.toInstant().plus(TOUCH_EVERY).isBefore(now)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_token SET last_used_at = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return Optional.of(user);
        }
    }

    /** Tokens, newest first: every user's when {@code owner} is null, else that user's. */
    public List<Token> list(String owner) throws SQLException {
        return select("CAST(? AS text) IS NULL OR u.username = ?", owner, owner);
    }

    /** One token as listed, if it exists. */
    public Optional<Token> get(long id) throws SQLException {
        return select("t.id = ?", id).stream().findFirst();
    }

    private List<Token> select(String where, Object... parameters) throws SQLException {
        List<Token> tokens = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT t.id, u.username, t.name, t.prefix, t.created_by, t.created_at, t.expires_at, t.last_used_at,"
                        + " t.revoked_at, t.revoked_by FROM api_token t JOIN app_user u ON u.id = t.user_id"
                        + " WHERE " + where + " ORDER BY t.id DESC")) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new Token(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                            rs.getString(10)));
                }
            }
        }
        return tokens;
    }

    /** Revokes a live token; false when it does not exist or was revoked already. */
    public boolean revoke(long id, String by) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, by);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
