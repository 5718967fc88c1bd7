package org.acdserver.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent as configured: its id, the endpoint Asterisk dials to reach it, the queues it serves and its skills.
 *
 * @param id       stable agent id, for example {@code agent1}
 * @param endpoint dial string of the agent's phone, for example {@code PJSIP/1001} or a Local channel in tests
 * @param queues   ids of the queues the agent takes calls from
 * @param skills   skill name to proficiency, 1 (lowest) to 10
 */
public record AgentDefinition(String id, String endpoint, List<String> queues, Map<String, Integer> skills) {

    /** An agent without skills. */
    public AgentDefinition(String id, String endpoint, List<String> queues) {
        this(id, endpoint, queues, Map.of());
    }

    public AgentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        queues = List.copyOf(queues);
        skills = Map.copyOf(skills);
        skills.forEach((skill, level) -> {
            if (level < 1 || level > 10) {
                throw new IllegalArgumentException("agent " + id + ": proficiency of " + skill + " must be 1-10, not "
                        + level);
            }
        });
    }

    /** The agent's proficiency in a skill, 0 when it lacks it. */
    public int proficiency(String skill) {
        return skills.getOrDefault(skill, 0);
    }
}
