package org.acdserver.core;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A set of skill minimums (skill to the lowest proficiency an agent needs), interned by {@link Skills}: equal sets
 * are one object. Lines group their calls by it with an identity lookup, and an agent checks it against its own
 * proficiencies by array index, so routing never iterates a map or allocates to ask "may this agent take it?".
 *
 * <p>What a requirement becomes is remembered on it: merged with a call's own skills ({@link Skills#merged}) and
 * lowered by an escalation step ({@link Skills#lowered}). Both are computed once per distinct input, so a steady
 * stream of calls with the same skills allocates nothing. Touched only by the routing thread.
 */
final class SkillRequirement {

    /** The minimums as an immutable map, for decisions and snapshots. */
    final Map<String, Integer> asMap;
    /** Skill indexes (see {@link Skills#index}) and the minimum for each, in the same order. */
    final int[] skills;
    final int[] minimums;
    /** This requirement merged with a call's own skills, by those skills. */
    final Map<Map<String, Integer>, SkillRequirement> mergedWith = new HashMap<>();
    /**
     * The same, by the identity of the map a caller passed: a flow step passes the same map for every call, and an
     * identity lookup never runs a map's {@code equals}, which walks (and allocates) entry sets.
     */
    final Map<Map<String, Integer>, SkillRequirement> mergedWithSame = new IdentityHashMap<>();
    /** This requirement lowered by an escalation step, by the step. */
    final Map<EscalationRule, SkillRequirement> loweredBy = new IdentityHashMap<>();

    SkillRequirement(Map<String, Integer> asMap, int[] skills, int[] minimums) {
        this.asMap = asMap;
        this.skills = skills;
        this.minimums = minimums;
    }

    boolean isEmpty() {
        return skills.length == 0;
    }

    /** Whether proficiencies indexed by skill (missing skills count 0) meet every minimum. */
    boolean metBy(int[] proficiency) {
        for (int i = 0; i < skills.length; i++) {
            int s = skills[i];
            if ((s < proficiency.length ? proficiency[s] : 0) < minimums[i]) {
                return false;
            }
        }
        return true;
    }

    /** The sum of the proficiencies in the required skills (the best-proficiency strategy). */
    int proficiencySum(int[] proficiency) {
        int sum = 0;
        for (int s : skills) {
            sum += s < proficiency.length ? proficiency[s] : 0;
        }
        return sum;
    }

    @Override
    public String toString() {
        return asMap.toString();
    }
}
