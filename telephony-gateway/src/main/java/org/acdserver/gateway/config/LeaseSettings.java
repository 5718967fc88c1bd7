package org.acdserver.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Active/standby: whether this server shares its PostgreSQL with another server and routes only while it holds the
 * routing lease there.
 *
 * @param enabled  false: this server routes from the start, alone (the default)
 * @param node     this server's name in the lease and in logs
 * @param duration how long the lease lasts after its last renewal; a standby takes over once it has run out
 * @param renewal  how often the holder renews it, and how often a standby looks at it
 */
public record LeaseSettings(boolean enabled, String node, Duration duration, Duration renewal) {

    /** Three seconds, renewed every 500 ms: a dead active is replaced within about 3.5 s. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RENEWAL = Duration.ofMillis(500);
    /** No lease: the server routes alone. */
    public static final LeaseSettings OFF = new LeaseSettings(false, "", DEFAULT_DURATION, DEFAULT_RENEWAL);

    public LeaseSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(renewal, "renewal");
        if (renewal.isNegative() || renewal.isZero() || renewal.multipliedBy(3).compareTo(duration) > 0) {
            throw new IllegalArgumentException("the lease must be renewed at least three times per lease duration"
                    + " (renewal " + renewal.toMillis() + " ms, duration " + duration.toMillis() + " ms)");
        }
    }
}
