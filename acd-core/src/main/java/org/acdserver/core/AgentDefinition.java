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
 * @param queuePriorities queue id to the agent's priority in that queue, 1 (first line, the default) or more: when
 *                 several agents are ready for a call, those with the lowest number are offered it first, like
 *                 Asterisk's member penalty or a tier level
 */
public record AgentDefinition(String id, String endpoint, List<String> queues, Map<String, Integer> skills,
                              Map<String, Integer> queuePriorities) {

    /** An agent without skills. */
    public AgentDefinition(String id, String endpoint, List<String> queues) {
        this(id, endpoint, queues, Map.of());
    }

    /** An agent that is first line in each of its queues. */
    public AgentDefinition(String id, String endpoint, List<String> queues, Map<String, Integer> skills) {
        this(id, endpoint, queues, skills, Map.of());
    }

    public AgentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        queues = List.copyOf(queues);
        skills = Map.copyOf(skills);
        queuePriorities = Map.copyOf(queuePriorities);
        for (Map.Entry<String, Integer> p : queuePriorities.entrySet()) {
            if (p.getValue() < 1) {
                throw new IllegalArgumentException("agent " + id + ": priority in queue " + p.getKey()
                        + " must be 1 or more, not " + p.getValue());
            }
            if (!queues.contains(p.getKey())) {
                throw new IllegalArgumentException("agent " + id + " has a priority in queue " + p.getKey()
                        + ", which it is not a member of");
            }
        }
        skills.forEach((skill, level) -> {
            if (level < 1 || level > 10) {
                throw new IllegalArgumentException("agent " + id + ": proficiency of " + skill + " must be 1-10, not "
                        + level);
            }
        });
    }

    /** The agent's priority in a queue: 1 for first line. */
    public int queuePriority(String queue) {
        return queuePriorities.getOrDefault(queue, 1);
    }

    /** The agent's proficiency in a skill, 0 when it lacks it. */
    public int proficiency(String skill) {
        return skills.getOrDefault(skill, 0);
    }
}
