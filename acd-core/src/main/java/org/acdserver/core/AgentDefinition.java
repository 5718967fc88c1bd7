package org.acdserver.core;

import java.util.List;
import java.util.Objects;

/**
 * An agent as configured: its id, the endpoint Asterisk dials to reach it, and the queues it serves.
 *
 * @param id       stable agent id, for example {@code agent1}
 * @param endpoint dial string of the agent's phone, for example {@code PJSIP/1001} or a Local channel in tests
 * @param queues   ids of the queues the agent takes calls from
 */
public record AgentDefinition(String id, String endpoint, List<String> queues) {
    public AgentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        queues = List.copyOf(queues);
    }
}
