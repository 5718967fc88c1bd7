package org.acdserver.gateway.kpi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.acdserver.core.QueueStatus;

/**
 * The queues and agents as they stand, for a wallboard: per queue the calls waiting, the longest wait and the
 * members by state; per agent the state, its not-ready reason, its call and how long it has lasted. Built from
 * what the live gauges and the agent-state history already hold, without asking the routing thread.
 *
 * @param at     when it was taken
 * @param queues every configured queue
 * @param agents every agent the history has seen
 */
public record LiveView(Instant at, List<Queue> queues, List<Agent> agents) {

    /** One queue now; {@code agents} counts members by state (lower-case state names). */
    public record Queue(String queue, int waiting, double longestWaitSeconds, Map<String, Integer> agents) {
    }

    /** One agent now. */
    public record Agent(String agent, String state, String reason, String callId, String queue, Instant since,
                        double secondsInState) {
    }

    /** The view from the last queue status and each agent's current state, at {@code now}. */
    public static LiveView of(Map<String, QueueStatus> queues, Map<String, AgentStateLog.Current> agents,
                              Instant now) {
        List<Queue> q = new ArrayList<>();
        for (QueueStatus s : new TreeMap<>(queues).values()) {
            Map<String, Integer> byState = new TreeMap<>();
            s.agents().forEach((state, n) -> byState.put(state.dbValue(), n));
            q.add(new Queue(s.queue(), s.waiting(), s.longestWaitSeconds(now.toEpochMilli()), byState));
        }
        List<Agent> a = new ArrayList<>();
        agents.forEach((id, c) -> a.add(new Agent(id, c.activity().dbValue(), c.reason(), c.callId(), c.queue(),
                c.since(), Math.max(0, Duration.between(c.since(), now).toMillis() / 1000.0))));
        a.sort(Comparator.comparing(Agent::agent));
        return new LiveView(now, q, a);
    }
}
