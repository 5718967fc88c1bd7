package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents the engine routes to: each one's {@link RoutedAgent} state, by id and by queue.
 *
 * <p>A reconfiguration rebuilds the roster from the new definitions. An agent that stays keeps its state, its call
 * and its counters ({@link RoutedAgent#carryOver}); a new agent starts ready and idle from the time of the
 * reconfiguration; a removed agent is forgotten, while a call it held stays owned by {@link Queues}
 * until an event ends it. Agents keep the configuration's order, both overall and within each
 * queue: the queue's member order is what the round-robin and fixed-order strategies follow, and the overall order
 * is the order in which a tick frees agents whose pause or wrap-up ended. Both are lists, walked by index. The agent
 * holding a call is the call's {@link WaitingCall#agent}: no search.
 *
 * <p>Touched only by the routing thread.
 */
final class Roster {

    private static final int[] NO_LEVELS = new int[0];

    private final Skills skills;
    private final Map<String, RoutedAgent> agents = new HashMap<>();
    private final List<RoutedAgent> ordered = new ArrayList<>();
    private final Map<String, List<RoutedAgent>> byQueue = new HashMap<>();
    /** Each queue's members' priorities in it ({@link AgentDefinition#queuePriority}), in member order. */
    private final Map<String, int[]> levelsByQueue = new HashMap<>();

    Roster(Skills skills) {
        this.skills = skills;
    }

    /** Replaces the agents, carrying over the state of those that remain. */
    void configure(List<AgentDefinition> definitions, long nowMillis) {
        Map<String, RoutedAgent> previous = new HashMap<>(agents);
        agents.clear();
        ordered.clear();
        byQueue.clear();
        levelsByQueue.clear();
        for (AgentDefinition def : definitions) {
            RoutedAgent old = previous.remove(def.id());
            RoutedAgent agent = new RoutedAgent(def, skills.proficiencies(def.skills()), nowMillis);
            if (old != null) {
                agent.carryOver(old);
            }
            agents.put(def.id(), agent);
            ordered.add(agent);
            for (String q : def.queues()) {
                byQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(agent);
            }
        }
        byQueue.forEach((q, members) -> levelsByQueue.put(q,
                members.stream().mapToInt(a -> a.definition.queuePriority(q)).toArray()));
        // A removed agent's call stays owned with no agent until an event ends it.
        for (RoutedAgent gone : previous.values()) {
            if (gone.call != null && gone.call.agent == gone) {
                gone.call.agent = null;
            }
        }
    }

    /** The agent with this id, or null. */
    RoutedAgent agent(String agentId) {
        return agents.get(agentId);
    }

    /** Every agent, in configuration order (a list: walk it by index). */
    List<RoutedAgent> all() {
        return ordered;
    }

    /** The queue's members in member order; empty for a queue nobody serves. */
    List<RoutedAgent> members(String queue) {
        return byQueue.getOrDefault(queue, List.of());
    }

    /** The priority of each of the queue's members in it, in member order (as {@link #members}). */
    int[] levels(String queue) {
        return levelsByQueue.getOrDefault(queue, NO_LEVELS);
    }

    /** The agent reserved for or talking to the call, or null. */
    RoutedAgent holding(WaitingCall call) {
        return call.agent;
    }
}
