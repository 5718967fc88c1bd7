package org.acdserver.gateway.config;

/**
 * A queue's service-level goal: {@code percent} of its calls answered within {@code seconds}, for example 80% in 20 s.
 * The metrics count calls answered within the target per queue, so that the service level is their ratio to the
 * calls answered and abandoned in the queue.
 */
public record ServiceLevelTarget(int percent, int seconds) {

    /** The industry's customary 80/20. */
    public static final ServiceLevelTarget DEFAULT = new ServiceLevelTarget(80, 20);

    public ServiceLevelTarget {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("serviceLevel percent must be 1-100, not " + percent);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("serviceLevel seconds must be at least 1, not " + seconds);
        }
    }
}
