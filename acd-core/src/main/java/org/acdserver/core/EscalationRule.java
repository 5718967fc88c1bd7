package org.acdserver.core;

import java.util.Map;

/**
 * A step of a queue's escalation: once a call has waited {@code afterSeconds}, its skill minimums are lowered to
 * {@code lowerSkillsTo} (never raised) and its priority goes up by {@code raisePriorityBy}. The call keeps its place
 * among equal priorities: its arrival order never changes.
 */
public record EscalationRule(int afterSeconds, Map<String, Integer> lowerSkillsTo, int raisePriorityBy) {
    public EscalationRule {
        if (afterSeconds < 1) {
            throw new IllegalArgumentException("an escalation step needs afterSeconds of at least 1");
        }
        if (raisePriorityBy < 0) {
            throw new IllegalArgumentException("an escalation step cannot lower the priority");
        }
        lowerSkillsTo = Map.copyOf(lowerSkillsTo);
        lowerSkillsTo.forEach((skill, level) -> {
            if (level < 1 || level > 10) {
                throw new IllegalArgumentException("an escalation step's proficiency for " + skill
                        + " must be 1-10, not " + level);
            }
        });
    }
}
