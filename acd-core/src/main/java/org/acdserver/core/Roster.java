package org.acdserver.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * is the order in which a tick frees agents whose pause or wrap-up ended.
 *
 * <p>Touched only by the routing thread.
 */
final class Roster {

    private final Map<String, RoutedAgent> agents = new LinkedHashMap<>();
    private final Map<String, List<RoutedAgent>> byQueue = new HashMap<>();

    /** Replaces the agents, carrying over the state of those that remain. */
    void configure(List<AgentDefinition> definitions, long nowMillis) {
        Map<String, RoutedAgent> previous = new HashMap<>(agents);
        agents.clear();
        byQueue.clear();
        for (AgentDefinition def : definitions) {
            RoutedAgent old = previous.get(def.id());
            RoutedAgent agent = new RoutedAgent(def, nowMillis);
            if (old != null) {
                agent.carryOver(old);
            }
            agents.put(def.id(), agent);
            for (String q : def.queues()) {
                byQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(agent);
            }
        }
    }

    /** The agent with this id, or null. */
    RoutedAgent agent(String agentId) {
        return agents.get(agentId);
    }

    /** Every agent, in configuration order. */
    Collection<RoutedAgent> all() {
        return agents.values();
    }

    /** The queue's members in member order; empty for a queue nobody serves. */
    List<RoutedAgent> members(String queue) {
        return byQueue.getOrDefault(queue, List.of());
    }

    /** The agent reserved for or talking to the call, or null. */
    RoutedAgent holding(WaitingCall call) {
        for (RoutedAgent agent : members(call.queue)) {
            if (agent.call == call) {
                return agent;
            }
        }
        // The agent may have left the queue by a reconfiguration while holding the call.
        for (RoutedAgent agent : agents.values()) {
            if (agent.call == call) {
                return agent;
            }
        }
        return null;
    }
}
