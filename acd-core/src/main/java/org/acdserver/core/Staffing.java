package org.acdserver.core;

/**
 * Staffing advice: the fewest agents that answer the target share of calls within the target time, for a measured
 * arrival rate and handle time.
 *
 * <p>Erlang C ({@link ErlangC}) assumes callers wait as long as it takes; where a significant share of them abandon
 * ({@value #SIGNIFICANT_ABANDONMENT} or more of the calls offered), it overstates the staff needed, and Erlang A
 * ({@link ErlangA}) is used with the callers' mean patience as measured (the time all callers waited, over the
 * number who abandoned: the maximum-likelihood estimate for exponential patience, where answered calls are waits cut
 * short). Under Erlang A the service level counts abandoned calls against the target, as the second variant of
 * service level does (answered within T over answered plus abandoned).
 */
public final class Staffing {

    /** The share of offered calls abandoning from which Erlang A is used. */
    public static final double SIGNIFICANT_ABANDONMENT = 0.05;
    /** Agents advised at most, so that absurd inputs end. */
    private static final int MAX_AGENTS = 100_000;

    private Staffing() {
    }

    /**
     * @param callsPerSecond  measured arrival rate
     * @param handleSeconds   measured average handle time (talk + hold + wrap-up)
     * @param targetSeconds   the service-level time T
     * @param targetShare     the share to answer within T, strictly between 0 and 1
     * @param abandonShare    measured share of offered calls that abandoned
     * @param patienceSeconds measured mean patience; 0 or less when unknown
     */
    public static StaffingAdvice advise(double callsPerSecond, double handleSeconds, double targetSeconds,
                                        double targetShare, double abandonShare, double patienceSeconds) {
        if (targetShare <= 0 || targetShare >= 1) {
            throw new IllegalArgumentException("target share must lie strictly between 0 and 1, not " + targetShare);
        }
        if (callsPerSecond <= 0 || handleSeconds <= 0) {
            return StaffingAdvice.NONE;
        }
        double traffic = ErlangC.traffic(callsPerSecond, handleSeconds);
        int erlangC = ErlangC.agentsForServiceLevel(traffic, handleSeconds, targetSeconds, targetShare);
        if (abandonShare >= SIGNIFICANT_ABANDONMENT && patienceSeconds > 0) {
            // The service level grows with the agents: find a number that meets the target, then the fewest.
            int high = Math.max(1, erlangC);
            while (!meets(high, callsPerSecond, handleSeconds, patienceSeconds, targetSeconds, targetShare)) {
                if (high >= MAX_AGENTS) {
                    throw new IllegalArgumentException("no staffing up to " + MAX_AGENTS + " agents meets the target");
                }
                high = Math.min(MAX_AGENTS, high * 2);
            }
            int low = 0;
            while (high - low > 1) {
                int mid = (low + high) >>> 1;
                if (meets(mid, callsPerSecond, handleSeconds, patienceSeconds, targetSeconds, targetShare)) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            ErlangA model = new ErlangA(high, callsPerSecond, handleSeconds, patienceSeconds);
            return new StaffingAdvice(high, "erlang-a", traffic, model.serviceLevel(targetSeconds),
                    model.probabilityOfWaiting(), model.probabilityOfAbandoning());
        }
        return new StaffingAdvice(erlangC, "erlang-c", traffic, ErlangC.serviceLevel(erlangC, traffic,
                handleSeconds, targetSeconds), ErlangC.probabilityOfWaiting(erlangC, traffic), 0);
    }

    private static boolean meets(int agents, double rate, double handle, double patience, double target,
                                 double share) {
        return new ErlangA(agents, rate, handle, patience).serviceLevel(target) >= share;
    }
}
