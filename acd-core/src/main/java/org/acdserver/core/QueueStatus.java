package org.acdserver.core;

import java.util.Map;

/**
 * One queue as it stands, for live gauges and wallboards.
 *
 * @param queue                 the queue
 * @param waiting               calls in its line (callbacks due included, callbacks waiting for their time not)
 * @param oldestEnqueuedAtMillis when the longest-waiting call in line entered the queue; 0 when none waits
 * @param agents                the queue's member agents by what they do now (each agent counts in every queue it
 *                              serves)
 */
public record QueueStatus(String queue, int waiting, long oldestEnqueuedAtMillis, Map<AgentActivity, Integer> agents) {
    public QueueStatus {
        agents = Map.copyOf(agents);
    }

    /** How long the longest-waiting call has waited at {@code nowMillis}, in seconds; 0 when none waits. */
    public double longestWaitSeconds(long nowMillis) {
        return waiting == 0 || oldestEnqueuedAtMillis == 0 ? 0
                : Math.max(0, nowMillis - oldestEnqueuedAtMillis) / 1000.0;
    }
}
