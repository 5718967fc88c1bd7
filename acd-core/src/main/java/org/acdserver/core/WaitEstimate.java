package org.acdserver.core;

/**
 * Where a waiting call stands and how long it will likely wait from now.
 *
 * @param position        1 for the next call to be served in its queue
 * @param expectedSeconds expected wait from now, or {@link Double#POSITIVE_INFINITY} with no agent signed in
 * @param method          {@code observed} (measured handle times) or {@code default} (the queue's configured handle
 *                        time, until enough calls were measured)
 */
public record WaitEstimate(int position, double expectedSeconds, String method) {
}
