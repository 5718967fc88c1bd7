package org.acdserver.core;

import java.util.List;
import java.util.Map;

/**
 * Why a call was offered to an agent: the answer to "why did agent X get this call?".
 *
 * @param callId        the call offered
 * @param queue         the queue it waited in
 * @param agentId       the agent chosen
 * @param endpoint      the agent's dial string
 * @param ringTimeoutSeconds how long the agent leg may ring
 * @param strategy      the selection strategy that chose
 * @param candidates    the ready agents that were eligible, best first
 * @param waitedMillis  how long the call had waited when offered
 * @param attempt       1 for the first offer of this call, 2 after one ring-no-answer, and so on
 * @param priority      the call's priority when offered, after escalation
 * @param requiredSkills the skill minimums the call had when offered, after escalation
 * @param escalationStep how many of the queue's escalation steps had applied (0: none)
 */
public record RoutingDecision(String callId, String queue, String agentId, String endpoint, int ringTimeoutSeconds,
                              String strategy, List<String> candidates, long waitedMillis, int attempt, int priority,
                              Map<String, Integer> requiredSkills, int escalationStep) {

    public RoutingDecision {
        candidates = List.copyOf(candidates);
        requiredSkills = Map.copyOf(requiredSkills);
    }

    /** The same decision with another dial string: the agent's phone reached from elsewhere, through a trunk. */
    public RoutingDecision withEndpoint(String dialString) {
        return new RoutingDecision(callId, queue, agentId, dialString, ringTimeoutSeconds, strategy, candidates,
                waitedMillis, attempt, priority, requiredSkills, escalationStep);
    }

    /** A decision for a call of priority 0 that needed no skills and was never escalated. */
    public RoutingDecision(String callId, String queue, String agentId, String endpoint, int ringTimeoutSeconds,
                           String strategy, List<String> candidates, long waitedMillis, int attempt) {
        this(callId, queue, agentId, endpoint, ringTimeoutSeconds, strategy, candidates, waitedMillis, attempt, 0,
                Map.of(), 0);
    }
}
