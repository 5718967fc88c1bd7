package org.acdserver.core;

/**
 * How many agents a queue needs to meet its service-level target, and what the model expects with them.
 *
 * @param agents                 the fewest agents that meet the target (0 when no calls arrive)
 * @param model                  {@code erlang-c}, or {@code erlang-a} where callers abandon significantly
 * @param trafficErlangs         offered load: arrival rate times handle time
 * @param predictedServiceLevel  the share of calls the model expects answered within the target time with
 *                               {@code agents} (abandons count against it)
 * @param predictedWaitProbability the share of calls expected to wait at all
 * @param predictedAbandonProbability the share expected to abandon (0 for Erlang C)
 */
public record StaffingAdvice(int agents, String model, double trafficErlangs, double predictedServiceLevel,
                             double predictedWaitProbability, double predictedAbandonProbability) {

    /** Nothing arrives: nobody is needed. */
    public static final StaffingAdvice NONE = new StaffingAdvice(0, "none", 0, 1, 0, 0);
}
