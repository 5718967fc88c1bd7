package org.acdserver.gateway.ami;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach and log in to an Asterisk manager, and how patiently. The secret never appears in
 * {@link #toString()}, in logs or in exception messages.
 *
 * @param host              manager host
 * @param port              manager port (5038 by default in Asterisk)
 * @param username          the manager.conf user
 * @param secret            its secret
 * @param connectTimeout    how long a TCP connect may take
 * @param actionTimeout     how long an action (login included) may wait for its response, or a list for its last
 *                          event
 * @param minBackoff        the first delay before reconnecting
 * @param maxBackoff        the longest delay between two connection attempts
 * @param heartbeatInterval how often a logged-in connection is asked for a {@code Ping}
 * @param heartbeatTimeout  how long a connection may stay silent, with a {@code Ping} unanswered, before it is
 *                          declared dead and replaced
 * @param events            the login's {@code Events:} mask: {@code on}, {@code off} or a list of event classes
 *                          ({@code system,call}); Asterisk sends only events of these classes that the user may read
 */
public record AmiSettings(String host, int port, String username, String secret, Duration connectTimeout,
                          Duration actionTimeout, Duration minBackoff, Duration maxBackoff,
                          Duration heartbeatInterval, Duration heartbeatTimeout, String events) {

    /** A heartbeat every 3 s, and 3 s of silence with a Ping unanswered: a dead link is seen within 6 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern EVENT_MASK = Pattern.compile("on|off|[a-z]+(,[a-z]+)*");

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(events, "events");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("manager port out of range: " + port);
        }
        positive(connectTimeout, "connectTimeout");
        positive(actionTimeout, "actionTimeout");
        positive(minBackoff, "minBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(heartbeatTimeout, "heartbeatTimeout");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than minBackoff "
                    + minBackoff);
        }
        if (!EVENT_MASK.matcher(events).matches()) {
            throw new IllegalArgumentException("manager event mask must be on, off or event classes such as"
                    + " system,call, not '" + events + "'");
        }
    }

    /** Settings with the default heartbeat, asking for every event the user may read. */
    public AmiSettings(String host, int port, String username, String secret, Duration connectTimeout,
                       Duration actionTimeout, Duration minBackoff, Duration maxBackoff) {
        this(host, port, username, secret, connectTimeout, actionTimeout, minBackoff, maxBackoff,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT, "on");
    }

    /** Asterisk's default port, with timeouts and backoff suited to a manager on the same network. */
    public static AmiSettings of(String host, int port, String username, String secret) {
        return new AmiSettings(host, port, username, secret, Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** The same settings with another heartbeat. */
    public AmiSettings withHeartbeat(Duration interval, Duration timeout) {
        return new AmiSettings(host, port, username, secret, connectTimeout, actionTimeout, minBackoff, maxBackoff,
                interval, timeout, events);
    }

    /** The same settings with another login event mask. */
    public AmiSettings withEvents(String mask) {
        return new AmiSettings(host, port, username, secret, connectTimeout, actionTimeout, minBackoff, maxBackoff,
                heartbeatInterval, heartbeatTimeout, mask);
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
