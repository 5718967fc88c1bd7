package org.acdserver.gateway.config;

/**
 * A queue's service-level goal: {@code percent} of its calls answered within {@code seconds}, for example 80% in 20 s.
 * Callers who hang up sooner than {@code shortAbandonSeconds} after entering the queue are short abandons: they count
 * neither as answered nor as abandoned in the service level and the abandonment rate (see docs/kpi.md).
 */
public record ServiceLevelTarget(int percent, int seconds, int shortAbandonSeconds) {

    /** The industry's customary 80/20, every abandon counted. */
    public static final ServiceLevelTarget DEFAULT = new ServiceLevelTarget(80, 20);

    public ServiceLevelTarget {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("serviceLevel percent must be 1-100, not " + percent);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("serviceLevel seconds must be at least 1, not " + seconds);
        }
        if (shortAbandonSeconds < 0) {
            throw new IllegalArgumentException("shortAbandonSeconds must not be negative, not " + shortAbandonSeconds);
        }
    }

    /** A goal under which every abandon counts. */
    public ServiceLevelTarget(int percent, int seconds) {
        this(percent, seconds, 0);
    }
}
