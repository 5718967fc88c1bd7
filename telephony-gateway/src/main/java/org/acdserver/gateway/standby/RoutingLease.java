package org.acdserver.gateway.standby;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acdserver.gateway.config.LeaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing lease in PostgreSQL, with a fencing token: of two servers on one database, only the holder routes.
 *
 * <p>Algorithm. One row, {@code routing_lease}. A standby tries every renewal interval to take it: an upsert that
 * succeeds only when the row is missing or has run out by the database's clock ({@code expires_at < now()}), and
 * raises the token. The holder renews it every interval ({@code expires_at = now() + duration}) with a statement
 * that matches only its own token; matching nothing means another server took it over, and the lease is lost.
 *
 * <p>Why a paused holder cannot route: it counts its lease as held only until the time it sent its last successful
 * renewal plus the duration, less a margin, on its own monotonic clock ({@link #heldNow}). The database stamped that
 * renewal no earlier than it was sent, so the holder stops believing in its lease before the database lets a standby
 * take it. A holder that wakes from a pause longer than the lease finds {@link #heldNow} false before it does
 * anything, and its writes, which carry the token (see {@link Fence}), match nothing once the token has moved on.
 *
 * <p>Why not an advisory lock: a paused process keeps its database session, and with it the lock, for as long as it
 * is paused, so a standby would never take over; a lease that runs out does not depend on the holder being awake.
 *
 * <p>While standing by, the lease also counts the holder's renewals it sees ({@link #renewalsSeen}): a standby sent
 * a call holds it while the holder is silent (a caller returning from a dead server) and passes it on once the
 * holder is seen renewing (the active server is alive; the call was sent here first by mistake or by order).
 *
 * <p>Threads: one thread, {@code acd-lease}, does all of the above and calls the {@link Holder} on it; the
 * {@link Holder#acquired} work must not hold it up for long (hand it to another thread), since renewals go on there.
 */
public final class RoutingLease implements Fence, AutoCloseable {

    /** The lease row's name. */
    static final String NAME = "routing";
    private static final Logger LOG = LoggerFactory.getLogger(RoutingLease.class);

    /** What the server does when it gets or loses the lease. */
    public interface Holder {
        /** This server holds the lease now, with this token: it takes over routing. */
        void acquired(long token);

        /** This server no longer holds the lease (another took it, or it could not be renewed in time). */
        void lost(String why);
    }

    /** Where this server stands. */
    public enum Role {
        STANDBY, ACTIVE, LOST
    }

    private final DataSource dataSource;
    private final LeaseSettings settings;
    private final Holder holder;
    private final long durationNanos;
    private final long marginNanos;
    private volatile Role role = Role.STANDBY;
    private volatile long token;
    private volatile long heldUntilNanos;
    private volatile long renewalsSeen;
    private volatile String holderName = "";
    /** The holder's last renewal time as this standby saw it; the lease thread only. */
    private Timestamp lastRenewal;
    private volatile boolean closed;
    private Thread thread;

    public RoutingLease(DataSource dataSource, LeaseSettings settings, Holder holder) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.holder = holder;
        this.durationNanos = settings.duration().toNanos();
        // Clocks run at slightly different rates; a tenth of a renewal interval covers that many times over.
        this.marginNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50), settings.renewal().toNanos() / 10);
    }

    /** Starts standing by: the first attempt to take the lease is made at once. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("acd-lease").start(this::run);
    }

    public Role role() {
        return role;
    }

    /** The token this server holds or last held; 0 before it ever held the lease. */
    @Override
    public long token() {
        return token;
    }

    /** This server's name in the lease. */
    public String node() {
        return settings.node();
    }

    /** Who held the lease when this standby last looked. */
    public String holderName() {
        return holderName;
    }

    /** True while this server holds the lease and may route, on its own clock (see the class comment). */
    public boolean heldNow() {
        return role == Role.ACTIVE && System.nanoTime() - heldUntilNanos < 0;
    }

    /** While standing by: how many of the holder's renewals this server has seen; it grows while the holder lives. */
    public long renewalsSeen() {
        return renewalsSeen;
    }

    private void run() {
        long interval = settings.renewal().toNanos();
        while (!closed) {
            long started = System.nanoTime();
            try {
                switch (role) {
                    case STANDBY -> tryToTake(started);
                    case ACTIVE -> renew(started);
                    case LOST -> {
                        return;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("routing lease: {} failed: {}", role == Role.ACTIVE ? "renewal" : "takeover attempt",
                        e.toString());
            }
            if (role == Role.ACTIVE && System.nanoTime() - heldUntilNanos >= 0) {
                lose("the lease ran out before it could be renewed");
                return;
            }
            long sleep = interval - (System.nanoTime() - started);
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void tryToTake(long sentAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement take = c.prepareStatement("INSERT INTO routing_lease (name, holder, token,"
                     + " acquired_at, renewed_at, expires_at) VALUES (?, ?, 1, now(), now(), now() + ? * interval"
                     + " '1 millisecond') ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, token ="
                     + " routing_lease.token + 1, acquired_at = now(), renewed_at = now(), expires_at ="
                     + " EXCLUDED.expires_at WHERE routing_lease.expires_at < now() RETURNING token")) {
            take.setString(1, NAME);
            take.setString(2, settings.node());
            take.setLong(3, settings.duration().toMillis());
            try (ResultSet rs = take.executeQuery()) {
                if (rs.next()) {
                    token = rs.getLong(1);
                    heldUntilNanos = sentAt + durationNanos - marginNanos;
                    role = Role.ACTIVE;
                    LOG.info("routing lease taken by {} with token {}", settings.node(), token);
                    holder.acquired(token);
                    return;
                }
            }
            try (PreparedStatement look = c.prepareStatement("SELECT holder, renewed_at FROM routing_lease"
                    + " WHERE name = ?")) {
                look.setString(1, NAME);
                try (ResultSet rs = look.executeQuery()) {
                    if (rs.next()) {
                        holderName = rs.getString(1);
                        Timestamp renewed = rs.getTimestamp(2);
                        if (lastRenewal != null && !lastRenewal.equals(renewed)) {
                            renewalsSeen++;
                        }
                        lastRenewal = renewed;
                    }
                }
            }
        }
    }

    private void renew(long sentAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE routing_lease SET renewed_at = now(), expires_at ="
                     + " now() + ? * interval '1 millisecond' WHERE name = ? AND token = ?")) {
            s.setLong(1, settings.duration().toMillis());
            s.setString(2, NAME);
            s.setLong(3, token);
            if (s.executeUpdate() == 1) {
                heldUntilNanos = sentAt + durationNanos - marginNanos;
            } else {
                lose("another server took the lease over (token " + token + " is no longer current)");
            }
        }
    }

    private void lose(String why) {
        if (role != Role.ACTIVE) {
            return;
        }
        role = Role.LOST;
        LOG.error("routing lease lost by {}: {}; this server stops routing", settings.node(), why);
        holder.lost(why);
    }

    /** Stops; a holder lets its lease run out at once, so that a standby takes over without waiting for it. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (role == Role.ACTIVE) {
            role = Role.LOST;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("UPDATE routing_lease SET expires_at = now() - interval"
                         + " '1 millisecond' WHERE name = ? AND token = ?")) {
                s.setString(1, NAME);
                s.setLong(2, token);
                s.executeUpdate();
                LOG.info("routing lease given up by {}", settings.node());
            } catch (SQLException e) {
                LOG.warn("routing lease: cannot give it up ({}); a standby takes over once it runs out",
                        e.toString());
            }
        }
    }
}
