package org.acdserver.core;

import java.util.Objects;

/**
 * A queue as configured.
 *
 * @param id                 stable queue id, for example {@code sales}
 * @param ringTimeoutSeconds how long an offered agent leg rings before the offer is withdrawn
 * @param noAnswerPauseSeconds how long an agent who let an offer ring out stays not ready
 */
public record QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds) {
    public QueueDefinition {
        Objects.requireNonNull(id, "id");
        if (ringTimeoutSeconds < 1) {
            throw new IllegalArgumentException("queue " + id + ": ringTimeoutSeconds must be at least 1");
        }
        if (noAnswerPauseSeconds < 0) {
            throw new IllegalArgumentException("queue " + id + ": noAnswerPauseSeconds must not be negative");
        }
    }
}
