package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches waiting calls with ready agents and sends the resulting offers to the {@link RoutingPort}.
 *
 * <p>Algorithm. There are two ways in, depending on what changed:
 * <ul>
 *   <li><b>A queue gained calls</b> ({@link #dispatchQueue}): the queue's ready members are collected once. While
 *       some remain, the best call in the line that any of them qualifies for is taken (highest priority, then
 *       earliest arrival; see {@link Line#best}); a call nobody ready qualifies for does not hold up the calls
 *       behind it. Among the ready members qualified for that call only the first line competes (the lowest
 *       {@link AgentDefinition#queuePriority}), ordered by the queue's {@link AgentSelector}; the first is
 *       offered the call and leaves the ready set.</li>
 *   <li><b>An agent became free</b> ({@link #dispatchAgent}): the agent takes the best call it qualifies for over
 *       all of its queues, by the same order of priority then arrival.</li>
 * </ul>
 * Every event that frees an agent or puts a call in a line ends in one of these, so the engine stays
 * work-conserving: a ready agent and a waiting call it qualifies for never coexist between two events.
 * {@link #dispatchAll} is the broad form, for events that may touch any queue (a reconfiguration, a failed offer).
 *
 * <p>An offer reserves the agent ({@link AgentState#RESERVED}) for the call and removes the call from its line; the
 * call keeps its arrival sequence, so a failed offer puts it back at its old place. The {@link RoutingDecision}
 * says why: the strategy, the candidates in the order it ranked them, the wait, the attempt, the priority and the
 * skills after escalation. A callback's offer asks the port to dial (agent first); a live caller's to ring.
 *
 * <p>Selectors are built once per queue when the configuration loads, so the routing path never tests which
 * strategy applies. Touched only by the routing thread.
 */
final class Dispatcher {

    private final Queues queues;
    private final Roster roster;
    private final RoutingPort port;
    private final AgentHistory history;
    private final Map<String, AgentSelector> selectors = new HashMap<>();

    Dispatcher(Queues queues, Roster roster, RoutingPort port, AgentHistory history) {
        this.queues = queues;
        this.roster = roster;
        this.port = port;
        this.history = history;
    }

    /** Builds each queue's selector over its members as the {@link Roster} has them now. */
    void configure(List<QueueDefinition> definitions) {
        selectors.clear();
        for (QueueDefinition q : definitions) {
            List<String> members = roster.members(q.id()).stream().map(a -> a.definition.id()).toList();
            selectors.put(q.id(), AgentSelector.of(q.strategy(), q.randomSeed(), members));
        }
    }

    /** Offers calls in every line to their ready agents. */
    void dispatchAll(long nowMillis) {
        for (String q : queues.lineIds()) {
            dispatchQueue(q, nowMillis);
        }
    }

    /**
     * Offers the queue's calls, best first, to its ready agents while both remain: each call goes to the best of the
     * ready agents qualified for it, and a call nobody ready qualifies for does not hold up the calls behind it.
     */
    void dispatchQueue(String queue, long nowMillis) {
        Line line = queues.line(queue);
        if (line == null || line.isEmpty()) {
            return;
        }
        List<RoutedAgent> ready = new ArrayList<>();
        for (RoutedAgent a : roster.members(queue)) {
            if (a.canTakeCall()) {
                ready.add(a);
            }
        }
        while (!ready.isEmpty()) {
            WaitingCall call = line.best(c -> anyQualified(ready, c));
            if (call == null) {
                return;
            }
            // Only the first line among the ready qualified agents competes: lower queue priority numbers first.
            List<RoutedAgent> qualified = new ArrayList<>(ready.size());
            int firstLine = Integer.MAX_VALUE;
            for (RoutedAgent a : ready) {
                if (a.qualifiesFor(call)) {
                    int level = a.definition.queuePriority(queue);
                    if (level < firstLine) {
                        firstLine = level;
                        qualified.clear();
                    }
                    if (level == firstLine) {
                        qualified.add(a);
                    }
                }
            }
            AgentSelector selector = selectors.get(queue);
            if (selector != null && qualified.size() > 1) {
                selector.order(qualified, call);
            }
            line.remove(call);
            ready.remove(qualified.get(0));
            offer(call, qualified, nowMillis);
        }
    }

    private static boolean anyQualified(List<RoutedAgent> agents, WaitingCall call) {
        for (RoutedAgent a : agents) {
            if (a.qualifiesFor(call)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a freed agent the best call it qualifies for over all its queues: highest priority, then longest waiting. */
    void dispatchAgent(RoutedAgent agent, long nowMillis) {
        if (!agent.canTakeCall()) {
            return;
        }
        WaitingCall best = null;
        for (String q : agent.definition.queues()) {
            Line line = queues.line(q);
            WaitingCall candidate = line == null ? null : line.best(agent::qualifiesFor);
            if (candidate != null && (best == null || candidate.compareTo(best) < 0)) {
                best = candidate;
            }
        }
        if (best != null) {
            queues.line(best.queue).remove(best);
            offer(best, List.of(agent), nowMillis);
        }
    }

    /** Reserves the first candidate for the call and tells the port: ring the agent, or dial the callback. */
    private void offer(WaitingCall call, List<RoutedAgent> candidates, long nowMillis) {
        RoutedAgent chosen = candidates.get(0);
        AgentSelector selector = selectors.get(call.queue);
        if (selector != null) {
            selector.chosen(chosen);
        }
        chosen.state = AgentState.RESERVED;
        chosen.call = call;
        history.report(chosen, AgentStateCause.SYSTEM, null, nowMillis);
        call.offers++;
        QueueDefinition q = queues.definition(call.queue);
        long waited = nowMillis - call.enqueuedAtMillis;
        RoutingDecision decision = new RoutingDecision(call.callId, call.queue, chosen.definition.id(),
                chosen.definition.endpoint(), q == null ? 15 : q.ringTimeoutSeconds(),
                selector == null ? RoutingEngine.LONGEST_IDLE : selector.strategy().configName(),
                candidates.stream().map(a -> a.definition.id()).toList(), waited, call.offers, call.priority,
                call.requiredSkills, call.escalationSteps);
        if (call.callback) {
            port.dialCallback(decision);
        } else {
            port.offer(decision);
        }
    }
}
