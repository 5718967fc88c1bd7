package org.acdserver.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down, per username and per client address (see {@link AuthSettings.Throttle}). A login is
 * looked at before its password is checked, so a locked-out guess costs the server no hash.
 *
 * <p>Counts live in memory: a restart forgets them, which gives a guesser one more window at most, and nothing is
 * written per failed attempt. Entries whose failures have all left the window are dropped as the map grows.
 */
public final class LoginThrottle {

    /** Whether a login may go ahead, and if not, for how much longer it is locked. */
    public record Verdict(boolean allowed, Duration retryAfter, String why) {
        static final Verdict ALLOWED = new Verdict(true, Duration.ZERO, null);
    }

    private static final int PURGE_ABOVE = 10_000;

    private final AuthSettings.Throttle settings;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(AuthSettings.Throttle settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether a login for this username from this address may be tried now. */
    public Verdict check(String username, String address) {
        Instant now = clock.instant();
        Duration user = lockedFor(userKey(username), settings.userFailures(), now);
        Duration from = lockedFor(addressKey(address), settings.addressFailures(), now);
        if (user.isZero() && from.isZero()) {
            return Verdict.ALLOWED;
        }
        return user.compareTo(from) >= 0
                ? new Verdict(false, user, "too many failed logins for this user")
                : new Verdict(false, from, "too many failed logins from this address");
    }

    /**
     * Counts a failed login; returns how long the user or address is now locked (zero when not locked).
     */
    public Duration failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > PURGE_ABOVE) {
            failures.entrySet().removeIf(e -> e.getValue().idle(now, settings.window()));
        }
        failures.computeIfAbsent(userKey(username), k -> new Failures()).add(now, settings.window());
        failures.computeIfAbsent(addressKey(address), k -> new Failures()).add(now, settings.window());
        Duration user = lockedFor(userKey(username), settings.userFailures(), now);
        Duration from = lockedFor(addressKey(address), settings.addressFailures(), now);
        return user.compareTo(from) >= 0 ? user : from;
    }

    /** A successful login clears its username's failures; its address's stay, so one good account unlocks nothing. */
    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private Duration lockedFor(String key, int limit, Instant now) {
        Failures f = failures.get(key);
        if (f == null) {
            return Duration.ZERO;
        }
        synchronized (f) {
            int count = f.count(now, settings.window());
            if (count < limit) {
                return Duration.ZERO;
            }
            // The first lockout at the limit, doubled for each failure past it, never beyond the maximum.
            int doublings = Math.min(30, count - limit);
            Duration lockout = settings.firstLockout().multipliedBy(1L << doublings);
            if (lockout.compareTo(settings.maxLockout()) > 0) {
                lockout = settings.maxLockout();
            }
            Duration left = Duration.between(now, f.last().plus(lockout));
            return left.isNegative() || left.isZero() ? Duration.ZERO : left;
        }
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }

    /** The times of recent failures of one key, oldest first. */
    private static final class Failures {
        private final Deque<Instant> times = new ArrayDeque<>();

        synchronized void add(Instant now, Duration window) {
            expire(now, window);
            times.addLast(now);
        }

        synchronized int count(Instant now, Duration window) {
            expire(now, window);
            return times.size();
        }

        synchronized Instant last() {
            return times.peekLast();
        }

        synchronized boolean idle(Instant now, Duration window) {
            expire(now, window);
            return times.isEmpty();
        }

        private void expire(Instant now, Duration window) {
            Instant oldest = now.minus(window);
            while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
                times.removeFirst();
            }
        }
    }
}
