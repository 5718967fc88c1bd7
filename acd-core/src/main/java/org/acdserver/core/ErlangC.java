package org.acdserver.core;

/**
 * Erlang C, the queueing model of a contact center: calls arrive at random (Poisson), wait in one line for any of
 * {@code n} agents, and are handled for an exponentially distributed time.
 *
 * <p>With traffic intensity {@code A = arrival rate x handle time} (in Erlangs) and {@code n > A} agents:
 * <ul>
 *   <li>P(wait) = {@code (A^n / n!) * n/(n-A)} / ({@code sum_{k<n} A^k/k!} + {@code (A^n/n!) * n/(n-A)})</li>
 *   <li>service level within {@code t} = 1 - P(wait) * e^{-(n-A) t / handle}</li>
 *   <li>average speed of answer = P(wait) * handle / (n - A)</li>
 * </ul>
 * The sums use the Erlang B recurrence {@code B(k) = A B(k-1) / (k + A B(k-1))}, which stays exact and cheap for
 * thousands of agents where factorials would overflow. With {@code n <= A} the line grows without bound: every call
 * waits, and the answer time is infinite.
 */
public final class ErlangC {

    private ErlangC() {
    }

    /** Traffic in Erlangs: calls per second times average handle seconds. */
    public static double traffic(double callsPerSecond, double handleSeconds) {
        return callsPerSecond * handleSeconds;
    }

    /** Probability that a call has to wait for an agent. */
    public static double probabilityOfWaiting(int agents, double trafficErlangs) {
        if (agents <= 0) {
            return 1.0;
        }
        if (trafficErlangs <= 0) {
            return 0.0;
        }
        if (agents <= trafficErlangs) {
            return 1.0;
        }
        double b = 1.0;
        for (int k = 1; k <= agents; k++) {
            b = trafficErlangs * b / (k + trafficErlangs * b);
        }
        double rho = trafficErlangs / agents;
        return b / (1 - rho + rho * b);
    }

    /** Share of calls answered within {@code targetSeconds}. */
    public static double serviceLevel(int agents, double trafficErlangs, double handleSeconds, double targetSeconds) {
        if (agents <= trafficErlangs) {
            return 0.0;
        }
        double pw = probabilityOfWaiting(agents, trafficErlangs);
        return 1 - pw * Math.exp(-(agents - trafficErlangs) * targetSeconds / handleSeconds);
    }

    /** Average speed of answer in seconds, over all calls. */
    public static double averageSpeedOfAnswer(int agents, double trafficErlangs, double handleSeconds) {
        if (agents <= trafficErlangs) {
            return Double.POSITIVE_INFINITY;
        }
        return probabilityOfWaiting(agents, trafficErlangs) * handleSeconds / (agents - trafficErlangs);
    }

    /** The fewest agents that answer {@code share} of calls within {@code targetSeconds}. */
    public static int agentsForServiceLevel(double trafficErlangs, double handleSeconds, double targetSeconds,
                                            double share) {
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException("share must lie strictly between 0 and 1");
        }
        int n = Math.max(1, (int) Math.floor(trafficErlangs) + 1);
        while (serviceLevel(n, trafficErlangs, handleSeconds, targetSeconds) < share) {
            n++;
        }
        return n;
    }
}
