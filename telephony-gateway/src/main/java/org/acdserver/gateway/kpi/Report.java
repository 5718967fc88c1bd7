package org.acdserver.gateway.kpi;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An interval report: per queue, per flow total and per agent, one row for each interval, with the measures of
 * docs/kpi.md. Shares are fractions from 0 to 1; NPS is in points from -100 to 100; times are seconds. A measure
 * whose denominator is zero is null (no calls answered: no ASA).
 *
 * @param from     the first interval's start
 * @param to       the end of the last interval
 * @param interval {@code 15m}, {@code 1h} or {@code 1d}
 * @param timeZone where hours and days begin
 * @param queues   per queue and interval, in time order
 * @param calls    every inbound call per interval, all flows together
 * @param agents   per agent and interval, in time order
 */
public record Report(Instant from, Instant to, String interval, String timeZone, List<QueueRow> queues,
                     List<CallRow> calls, List<AgentRow> agents) {

    /**
     * One queue in one interval; calls count in the interval they entered the queue.
     *
     * @param offered             inbound calls that entered the queue
     * @param answered            of those, answered by an agent
     * @param answeredInTarget    answered with a wait of at most the target time
     * @param abandoned           hung up while waiting, short abandons excluded
     * @param abandonedInTarget   of those, within the target time (for Asterisk's own SL2)
     * @param shortAbandoned      hung up sooner than the queue's short-abandon threshold
     * @param callbacksRequested  left the line with a callback that keeps their place
     * @param notServed           left the queue to the flow's fallback (full, waited the maximum)
     * @param handled             calls answered and callbacks completed: what the handle time is divided by
     * @param serviceLevel        answeredInTarget / answered (Asterisk's SL)
     * @param serviceLevel2       answeredInTarget / (answered + abandoned)
     * @param asaSeconds          mean wait of answered calls
     * @param ahtSeconds          (talk + hold + wrap-up) / handled
     * @param abandonmentRate     abandoned / (offered - shortAbandoned)
     * @param fcrContacts         answered contacts in the quarter hours whose FCR window has elapsed
     * @param fcrRepeated         of those, followed by a call from the same number within the window
     * @param fcrRate             (fcrContacts - fcrRepeated) / fcrContacts
     * @param callbackSuccessRate callbacksCompleted / (callbacksCompleted + callbacksFailed)
     * @param staffedAgents       the queue's members signed in, on average over the interval
     * @param advisedAgents       agents needed for the target at the measured rate and handle time (staffing)
     */
    public record QueueRow(String queue, Instant start, Instant end, long offered, long answered,
                           long answeredInTarget, long abandoned, long abandonedInTarget, long shortAbandoned,
                           long callbacksRequested, long notServed, long handled, long callbacksCompleted,
                           long callbacksFailed, int targetPercent, int targetSeconds, Double serviceLevel,
                           Double serviceLevel2, Double asaSeconds, Double ahtSeconds, Double talkSeconds,
                           Double holdSeconds, Double wrapUpSeconds, Double abandonmentRate,
                           double longestWaitSeconds, long fcrContacts, long fcrRepeated, Double fcrRate,
                           long csatResponses, Double csatMean, Double csatTopShare, long npsResponses, Double nps,
                           long cesResponses, Double cesMean, Double callbackSuccessRate, double staffedAgents,
                           Integer advisedAgents, String staffingModel, Double predictedServiceLevel) {
    }

    /**
     * Every inbound call in one interval (by the call's start), all flows together.
     *
     * @param selfServiceRatio selfService / calls
     */
    public record CallRow(Instant start, Instant end, long calls, long selfService, Double selfServiceRatio,
                          long abandonedInIvr, long queued, long answered, long abandonedInQueue,
                          long callbackRequested, long noAgent, long transferred, long failed) {
    }

    /**
     * One agent in one interval: time spent in each state (split at interval boundaries), calls, missed offers.
     *
     * @param loggedInSeconds  every state but signed out
     * @param notReadyByReason seconds not ready per reason
     * @param occupancy        (talk + hold + wrapUp) / (talk + hold + wrapUp + ready)
     * @param callsAnswered    calls the agent answered (a return from hold not counted again)
     * @param ahtSeconds       (talk + hold + wrapUp) / callsAnswered
     * @param missedOffers     offers that rang out (or found the phone busy or unreachable)
     */
    public record AgentRow(String agent, Instant start, Instant end, double loggedInSeconds, double readySeconds,
                           double notReadySeconds, Map<String, Double> notReadyByReason, double ringingSeconds,
                           double talkSeconds, double holdSeconds, double wrapUpSeconds, double unavailableSeconds,
                           Double occupancy, long callsAnswered, Double ahtSeconds, long missedOffers) {
        public AgentRow {
            notReadyByReason = Collections.unmodifiableMap(new TreeMap<>(notReadyByReason));
        }
    }
}
