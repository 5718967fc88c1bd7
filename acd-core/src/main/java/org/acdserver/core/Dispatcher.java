package org.acdserver.core;

import java.util.Arrays;
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
 * strategy applies.
 *
 * <p>Allocation: the ready and the candidate agents are gathered in arrays the dispatcher keeps, and each decision
 * is written into the one {@link DecisionView} it reuses, copied into the {@link DecisionLog} and handed to the
 * port; dispatching allocates nothing. Touched only by the routing thread.
 */
final class Dispatcher {

    private static final RoutedAgent[] NO_AGENTS = new RoutedAgent[0];

    private final Queues queues;
    private final Roster roster;
    private final RoutingPort port;
    private final DecisionLog log;
    private final AgentHistory history;
    private final ReturnHold returnHold;
    private final Map<String, AgentSelector> selectors = new HashMap<>();
    private final DecisionView decision = new DecisionView();
    /** The ready members of the queue being dispatched, and those qualified for the call being placed. */
    private RoutedAgent[] ready = new RoutedAgent[16];
    /** Each ready agent's priority in the queue, kept next to {@link #ready} so the definitions are not read. */
    private int[] readyLevel = new int[16];
    private RoutedAgent[] qualified = new RoutedAgent[16];
    /** The one candidate of an agent that became free. */
    private final RoutedAgent[] single = new RoutedAgent[1];
    /** The reason of an offer to a named agent ({@link #offerTo}), null for a selected one. */
    private String named;
    /** When the event being applied was published ({@link DecisionView#eventPublishedNanos()}). */
    long eventNanos;

    Dispatcher(Queues queues, Roster roster, RoutingPort port, DecisionLog log, AgentHistory history,
               ReturnHold returnHold) {
        this.returnHold = returnHold;
        this.queues = queues;
        this.roster = roster;
        this.port = port;
        this.log = log;
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
        List<String> ids = queues.lineIds();
        for (int i = 0; i < ids.size(); i++) {
            dispatchQueue(ids.get(i), nowMillis);
        }
    }

    /**
     * Offers the queue's calls, best first, to its ready agents while both remain: each call goes to the best of the
     * ready agents qualified for it, and a call nobody ready qualifies for does not hold up the calls behind it.
     */
    void dispatchQueue(String queue, long nowMillis) {
        Line line = queues.line(queue);
        if (line == null || line.isEmpty() || returnHold.holds(queue, nowMillis)) {
            return;
        }
        List<RoutedAgent> members = roster.members(queue);
        int[] levels = roster.levels(queue);
        int readyCount = 0;
        for (int i = 0; i < members.size(); i++) {
            RoutedAgent a = members.get(i);
            if (a.canTakeCall()) {
                if (readyCount == ready.length) {
                    ready = grow(ready);
                    readyLevel = Arrays.copyOf(readyLevel, ready.length);
                }
                readyLevel[readyCount] = levels[i];
                ready[readyCount++] = a;
            }
        }
        while (readyCount > 0) {
            WaitingCall call = line.bestForAny(ready, readyCount);
            if (call == null) {
                break;
            }
            // Only the first line among the ready qualified agents competes: lower queue priority numbers first.
            int count = 0;
            int firstLine = Integer.MAX_VALUE;
            for (int i = 0; i < readyCount; i++) {
                RoutedAgent a = ready[i];
                if (a.qualifiesFor(call)) {
                    int level = readyLevel[i];
                    if (level < firstLine) {
                        firstLine = level;
                        count = 0;
                    }
                    if (level == firstLine) {
                        if (count == qualified.length) {
                            qualified = grow(qualified);
                        }
                        qualified[count++] = a;
                    }
                }
            }
            AgentSelector selector = selectors.get(queue);
            if (selector != null && count > 1) {
                selector.order(qualified, count, call);
            }
            line.remove(call);
            readyCount = without(ready, readyLevel, readyCount, qualified[0]);
            offer(call, qualified, count, nowMillis);
        }
        // Drop the references, so that the arrays hold no agent a reconfiguration removed.
        Arrays.fill(ready, 0, readyCount, null);
    }

    /**
     * Gives a freed agent the best call it qualifies for over all its queues: highest priority, then longest
     * waiting.
     */
    void dispatchAgent(RoutedAgent agent, long nowMillis) {
        if (!agent.canTakeCall()) {
            return;
        }
        WaitingCall best = null;
        String[] agentQueues = agent.queues;
        for (int i = 0; i < agentQueues.length; i++) {
            Line line = returnHold.holds(agentQueues[i], nowMillis) ? null : queues.line(agentQueues[i]);
            WaitingCall candidate = line == null ? null : line.bestFor(agent);
            if (candidate != null && (best == null || candidate.compareTo(best) < 0)) {
                best = candidate;
            }
        }
        if (best != null) {
            queues.line(best.queue).remove(best);
            single[0] = agent;
            offer(best, single, 1, nowMillis);
            single[0] = null;
        }
    }

    /**
     * Offers the call to this one agent, with {@code strategy} as the decision's reason (a transfer to a named agent,
     * see {@link NamedTransfers}): no line, no selector.
     */
    void offerTo(WaitingCall call, RoutedAgent agent, String strategy, long nowMillis) {
        single[0] = agent;
        named = strategy;
        try {
            offer(call, single, 1, nowMillis);
        } finally {
            single[0] = null;
            named = null;
        }
    }

    /**
     * Removes the agent from the first {@code count} of {@code agents}, and its level from {@code levels}, keeping
     * their order; the new count.
     */
    private static int without(RoutedAgent[] agents, int[] levels, int count, RoutedAgent agent) {
        for (int i = 0; i < count; i++) {
            if (agents[i] == agent) {
                System.arraycopy(agents, i + 1, agents, i, count - i - 1);
                System.arraycopy(levels, i + 1, levels, i, count - i - 1);
                agents[count - 1] = null;
                return count - 1;
            }
        }
        return count;
    }

    private static RoutedAgent[] grow(RoutedAgent[] agents) {
        RoutedAgent[] bigger = new RoutedAgent[agents.length * 2];
        System.arraycopy(agents, 0, bigger, 0, agents.length);
        return bigger;
    }

    /**
     * Reserves the first candidate for the call and tells the port (ring the agent, or dial the callback) through the
     * reused decision view, after a copy went to the decision log; then reports the agent's new state.
     */
    private void offer(WaitingCall call, RoutedAgent[] candidates, int count, long nowMillis) {
        RoutedAgent chosen = candidates[0];
        AgentSelector selector = selectors.get(call.queue);
        if (selector != null && named == null) {
            selector.chosen(chosen);
        }
        chosen.reserve(call);
        call.offers++;
        QueueDefinition q = queues.definition(call.queue);
        DecisionView d = decision;
        d.callId = call.callId;
        d.queue = call.queue;
        d.agentId = chosen.id;
        d.endpoint = chosen.definition.endpoint();
        d.ringTimeoutSeconds = q == null ? 15 : q.ringTimeoutSeconds();
        d.strategy = named != null ? named
                : selector == null ? RoutingEngine.LONGEST_IDLE : selector.strategy().configName();
        d.candidates = candidates;
        d.candidateCount = count;
        d.waitedMillis = nowMillis - call.enqueuedAtMillis;
        d.attempt = call.offers;
        d.priority = call.priority;
        d.requiredSkills = call.requirement.asMap;
        d.escalationStep = call.escalationSteps;
        d.callback = call.callback;
        d.eventNanos = eventNanos;
        log.record(d);
        try {
            port.decided(d);
        } finally {
            d.candidates = NO_AGENTS;
            d.candidateCount = 0;
            // The agent's new state is reported after the decision, not before: its record wakes the record writer
            // and the database, which on a small machine would take the CPU from the call's ring (RingLatency).
            history.report(chosen, AgentStateCause.SYSTEM, null, nowMillis);
        }
    }
}
