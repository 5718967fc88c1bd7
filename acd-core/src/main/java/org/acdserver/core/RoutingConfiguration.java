package org.acdserver.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queues and agents the core routes between; validated so that the engine never meets a dangling reference.
 */
public record RoutingConfiguration(List<QueueDefinition> queues, List<AgentDefinition> agents) {
    public RoutingConfiguration {
        queues = List.copyOf(queues);
        agents = List.copyOf(agents);
        Set<String> queueIds = new HashSet<>();
        for (QueueDefinition q : queues) {
            if (!queueIds.add(q.id())) {
                throw new IllegalArgumentException("queue " + q.id() + " is defined twice");
            }
        }
        for (QueueDefinition q : queues) {
            if (q.overflowQueue() != null && !queueIds.contains(q.overflowQueue())) {
                throw new IllegalArgumentException("queue " + q.id() + " overflows into unknown queue "
                        + q.overflowQueue());
            }
        }
        Set<String> agentIds = new HashSet<>();
        for (AgentDefinition a : agents) {
            if (!agentIds.add(a.id())) {
                throw new IllegalArgumentException("agent " + a.id() + " is defined twice");
            }
            for (String q : a.queues()) {
                if (!queueIds.contains(q)) {
                    throw new IllegalArgumentException("agent " + a.id() + " names unknown queue " + q);
                }
            }
        }
    }

    /** Queue definitions by id. */
    public Map<String, QueueDefinition> queuesById() {
        Map<String, QueueDefinition> byId = new HashMap<>();
        queues.forEach(q -> byId.put(q.id(), q));
        return byId;
    }
}
