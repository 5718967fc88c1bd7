package org.acdserver.gateway.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Browser sessions in {@code web_session}, so that they survive a restart of the server. The cookie carries a random
 * secret; the table keeps its SHA-256 and the session's CSRF token. Blocking JDBC: never on an event loop.
 */
public final class SessionStore {

    /** A new session: the cookie's value (shown once, never stored) and its CSRF token. */
    public record Opened(String secret, String csrfToken, String key) {
        @Override
        public String toString() {
            return "Opened[session]";
        }
    }

    /** A live session's user and CSRF token. */
    public record Live(User user, String csrfToken, String key) {
    }

    /** Last-seen times are written at most this often per session, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;

    public SessionStore(DataSource dataSource, Clock clock, Duration idle, Duration maxAge) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /** Opens a session for a user who just logged in. */
    public Opened open(User user, String address, String userAgent) throws SQLException {
        String secret = Secrets.newSecret("");
        String csrf = Secrets.newSecret("");
        String key = Secrets.hash(secret);
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO web_session (secret_hash, user_id, csrf_token, created_at, last_seen_at, address,"
                        + " user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setLong(2, user.id());
            ps.setString(3, csrf);
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            ps.setString(6, address);
            ps.setString(7, userAgent == null ? null : userAgent.substring(0, Math.min(200, userAgent.length())));
            ps.executeUpdate();
        }
        return new Opened(secret, csrf, key);
    }

    /** The session of a cookie's value, if it is live and its user enabled; touches its last-seen time. */
    public Optional<Live> find(String secret) throws SQLException {
        String key = Secrets.hash(secret);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            Live live;
            Instant lastSeen;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UserStore.COLUMNS
                    + ", s.csrf_token, s.last_seen_at FROM web_session s JOIN app_user u ON u.id = s.user_id"
                    + " WHERE s.secret_hash = ? AND s.created_at > ? AND s.last_seen_at > ? AND NOT u.disabled")) {
                ps.setString(1, key);
                ps.setTimestamp(2, Timestamp.from(now.minus(maxAge)));
                ps.setTimestamp(3, Timestamp.from(now.minus(idle)));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    live = new Live(UserStore.read(rs), rs.getString(7), key);
                    lastSeen = rs.getTimestamp(8).toInstant();
                }
            }
            if (lastSeen.plus(TOUCH_EVERY).isBefore(now)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE web_session SET last_seen_at = ? WHERE secret_hash = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, key);
                    ps.executeUpdate();
                }
            }
            return Optional.of(live);
        }
    }

    /** Ends a session (logout). */
    public void close(String key) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM web_session WHERE secret_hash = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /** Deletes sessions that can no longer be used; returns how many. */
    public int purgeExpired() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM web_session WHERE created_at <= ? OR last_seen_at <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(maxAge)));
            ps.setTimestamp(2, Timestamp.from(now.minus(idle)));
            return ps.executeUpdate();
        }
    }
}
