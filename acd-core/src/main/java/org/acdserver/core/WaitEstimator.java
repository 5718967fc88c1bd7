package org.acdserver.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Each queue's measured handle time, and from it a waiting call's position and expected wait.
 *
 * <p>Handle time is talk plus wrap-up, measured when an answered call ends. Per queue it is smoothed by an
 * exponential moving average that starts as a plain mean, so early calls count fully, then weighs about the last
 * hundred calls: handle times are so spread out that a shorter window mostly follows the noise.
 *
 * <p>Estimate: with every qualified agent busy, the call at position {@code k} is served at the {@code k}-th
 * completion among the queue's {@code N} staffed agents (ready, reserved, on a call or in wrap-up). Handle times
 * being roughly memoryless, completions come at a rate of {@code N / AHT}, so the wait is Erlang-distributed with
 * shape {@code k} and mean {@code k x AHT / N}. The estimate is that distribution's median, about
 * {@code (k - 1/3) x AHT / N}: the median is what minimizes the absolute error a caller experiences, and for the
 * first caller in line it does not promise a full handle time. AHT is the queue's smoothed measured handle time once
 * {@value #OBSERVED_MINIMUM} calls were measured, and its configured default handle time before that. With no agent
 * staffed the wait is unbounded.
 *
 * <p>Caveat: the spread of an Erlang wait is {@code 1/sqrt(k)} of its mean, so no estimate from position alone can
 * be much closer than about 0.67/sqrt(k) for a typical call; {@code WaitEstimateSimulationTest} compares ours with
 * an oracle that knows the true handle time.
 *
 * <p>Touched only by the routing thread.
 */
final class WaitEstimator {

    /** Calls whose handle time a queue must have measured before its estimates use them. */
    static final int OBSERVED_MINIMUM = 5;

    private final Queues queues;
    private final Roster roster;
    /** Per queue: the smoothed handle time in milliseconds, and how many calls fed it. */
    private final Map<String, double[]> handleTimes = new HashMap<>();

    WaitEstimator(Queues queues, Roster roster) {
        this.queues = queues;
        this.roster = roster;
    }

    /** An answered call of the queue took {@code millis} of an agent's time, talk plus wrap-up. */
    void observe(String queue, long millis) {
        double[] h = handleTimes.computeIfAbsent(queue, k -> new double[2]);
        double weight = Math.max(0.01, 1.0 / (h[1] + 1));
        h[0] += weight * (millis - h[0]);
        h[1]++;
    }

    /** Position and expected wait of a waiting call, or null if the call is not waiting in a line. */
    WaitEstimate estimate(String callId) {
        WaitingCall call = queues.call(callId);
        Line line = call == null ? null : queues.line(call.queue);
        if (line == null || !line.contains(call)) {
            return null;
        }
        int position = line.ahead(call) + 1;
        int staffed = 0;
        for (RoutedAgent a : roster.members(call.queue)) {
            if (a.state != AgentState.LOGGED_OUT && a.state != AgentState.NOT_READY && a.qualifiesFor(call)) {
                staffed++;
            }
        }
        if (staffed == 0) {
            return new WaitEstimate(position, Double.POSITIVE_INFINITY, "no-agents");
        }
        double[] h = handleTimes.get(call.queue);
        boolean observed = h != null && h[1] >= OBSERVED_MINIMUM;
        QueueDefinition q = queues.definition(call.queue);
        double ahtSeconds = observed ? h[0] / 1000.0 : q == null ? 180 : q.defaultHandleSeconds();
        return new WaitEstimate(position, (position - 1.0 / 3) * ahtSeconds / staffed,
                observed ? "observed" : "default");
    }
}
