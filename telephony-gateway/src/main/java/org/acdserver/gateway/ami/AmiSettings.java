package org.acdserver.gateway.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and log in to an Asterisk manager, and how patiently. The secret never appears in
 * {@link #toString()}, in logs or in exception messages.
 *
 * @param host           manager host
 * @param port           manager port (5038 by default in Asterisk)
 * @param username       the manager.conf user
 * @param secret         its secret
 * @param connectTimeout how long a TCP connect may take
 * @param actionTimeout  how long an action (login included) may wait for its response, or a list for its last event
 * @param minBackoff     the first delay before reconnecting
 * @param maxBackoff     the longest delay between two connection attempts
 */
public record AmiSettings(String host, int port, String username, String secret, Duration connectTimeout,
                          Duration actionTimeout, Duration minBackoff, Duration maxBackoff) {

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("manager port out of range: " + port);
        }
        positive(connectTimeout, "connectTimeout");
        positive(actionTimeout, "actionTimeout");
        positive(minBackoff, "minBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than minBackoff "
                    + minBackoff);
        }
    }

    /** Asterisk's default port, with timeouts and backoff suited to a manager on the same network. */
    public static AmiSettings of(String host, int port, String username, String secret) {
        return new AmiSettings(host, port, username, secret, Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    @Override
    public String toString() {
        return "AmiSettings[" + username + "@" + host + ":" + port + "]";
    }
}
