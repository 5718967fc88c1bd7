package org.acdserver.gateway.callback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a callback waits before it is offered to an agent again after its dial could not start because the
 * database or the manager link was away: {@code first} after the first such failure, doubling with each failure of
 * the same callback in a row, at most the longest wait its queue allows ({@link CallbackSettings#outageRetry}).
 * Forgotten once a dial of the callback gets going, so the next outage starts again at {@code first}. Used from the
 * routing, JDBC and event-loop threads.
 */
final class OutageBackoff {

    private final Duration first;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    OutageBackoff(Duration first) {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("backoff must be positive, not " + first);
        }
        this.first = first;
    }

    /** One more failure of the callback in a row; how long it waits now, never longer than {@code longest}. */
    Duration failed(String callbackId, Duration longest) {
        int n = failures.merge(callbackId, 1, Integer::sum);
        long millis = first.toMillis() << Math.min(n - 1, 20);
        return Duration.ofMillis(Math.min(millis, longest.toMillis()));
    }

    /** The callback's dial got going: its next outage starts from the first delay. */
    void reset(String callbackId) {
        failures.remove(callbackId);
    }
}
