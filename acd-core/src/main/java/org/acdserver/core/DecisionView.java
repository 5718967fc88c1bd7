package org.acdserver.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A routing decision as the core hands it to its {@link RoutingPort}: the same facts as a {@link RoutingDecision},
 * held in one object that the core fills in again for every decision, so that deciding allocates nothing.
 *
 * <p>It is valid only during the port call it is given to; a port that keeps something copies it, as
 * {@link #toDecision()} does. The core keeps its own copy of each decision for {@code /decisions}
 * ({@link RoutingCore#decisions}).
 */
public final class DecisionView {

    String callId;
    String queue;
    String agentId;
    String endpoint;
    int ringTimeoutSeconds;
    String strategy;
    RoutedAgent[] candidates = new RoutedAgent[0];
    int candidateCount;
    long waitedMillis;
    int attempt;
    int priority;
    Map<String, Integer> requiredSkills = Map.of();
    int escalationStep;
    boolean callback;
    long eventNanos;

    DecisionView() {
    }

    /**
     * {@link System#nanoTime()} when the event that led to this decision (a call queued, an agent freed or ready, a
     * tick) was published into the core: the start of the offer's latency through the server.
     */
    public long eventPublishedNanos() {
        return eventNanos;
    }

    /** The call offered. */
    public String callId() {
        return callId;
    }

    /** The queue it waited in. */
    public String queue() {
        return queue;
    }

    /** The agent chosen. */
    public String agentId() {
        return agentId;
    }

    /** The agent's dial string. */
    public String endpoint() {
        return endpoint;
    }

    /** How long the agent leg may ring. */
    public int ringTimeoutSeconds() {
        return ringTimeoutSeconds;
    }

    /** The selection strategy that chose. */
    public String strategy() {
        return strategy;
    }

    /** How many ready agents were eligible. */
    public int candidateCount() {
        return candidateCount;
    }

    /** The id of the {@code i}-th eligible agent, best first ({@code 0} is the one chosen). */
    public String candidate(int i) {
        if (i < 0 || i >= candidateCount) {
            throw new IndexOutOfBoundsException("candidate " + i + " of " + candidateCount);
        }
        return candidates[i].definition.id();
    }

    /** How long the call had waited when offered. */
    public long waitedMillis() {
        return waitedMillis;
    }

    /** 1 for the first offer of this call, 2 after one ring-no-answer, and so on. */
    public int attempt() {
        return attempt;
    }

    /** The call's priority when offered, after escalation. */
    public int priority() {
        return priority;
    }

    /** The skill minimums the call had when offered, after escalation (an immutable map, safe to keep). */
    public Map<String, Integer> requiredSkills() {
        return requiredSkills;
    }

    /** How many of the queue's escalation steps had applied (0: none). */
    public int escalationStep() {
        return escalationStep;
    }

    /** True for a callback (dial the agent, then the customer), false for a waiting caller (ring the agent). */
    public boolean callback() {
        return callback;
    }

    /** An immutable copy of this decision. */
    public RoutingDecision toDecision() {
        List<String> ids = new ArrayList<>(candidateCount);
        for (int i = 0; i < candidateCount; i++) {
            ids.add(candidates[i].definition.id());
        }
        return new RoutingDecision(callId, queue, agentId, endpoint, ringTimeoutSeconds, strategy, ids, waitedMillis,
                attempt, priority, requiredSkills, escalationStep);
    }

    @Override
    public String toString() {
        return "DecisionView[" + callId + " -> " + agentId + " in " + queue + ", attempt " + attempt + "]";
    }
}
