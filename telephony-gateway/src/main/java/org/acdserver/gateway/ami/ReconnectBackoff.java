package org.acdserver.gateway.ami;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between connection attempts: doubling from the minimum up to the maximum, each with "equal jitter" (half
 * fixed, half random) so that many clients cut off by one Asterisk restart do not reconnect in step. Every delay
 * lies within [min, max]. Not thread-safe: the client's event loop owns it.
 */
final class ReconnectBackoff {

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    long nextDelayMillis() {
        long ceiling = Math.min(maxMillis, minMillis << Math.min(attempt, 30));
        attempt++;
        long half = ceiling / 2;
        long delay = half + (long) (random.getAsDouble() * (ceiling - half));
        return Math.max(minMillis, Math.min(maxMillis, delay));
    }

    /** How many attempts have failed since the last reset. */
    int attempts() {
        return attempt;
    }

    /** After a successful login: the next outage starts again from the minimum. */
    void reset() {
        attempt = 0;
    }
}
