package org.acdserver.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The skill names the engine has met, each with a fixed index, and the {@link SkillRequirement}s over them, interned.
 *
 * <p>Indexes are handed out in the order names are first met and are never reused, so they stay valid across
 * reconfigurations; an agent's proficiencies are an array by index ({@link #proficiencies}). The caches that make a
 * call's requirement (its queue's merged with its own, then lowered by escalation) are bounded: past
 * {@value #CACHE_LIMIT} distinct inputs a cache starts over, which only costs the allocation of recomputing.
 *
 * <p>Touched only by the routing thread.
 */
final class Skills {

    /** Most distinct inputs a requirement's merge cache holds before it starts over. */
    static final int CACHE_LIMIT = 4_096;
    /** Most distinct requirements kept interned before the table starts over. */
    static final int INTERNED_LIMIT = 65_536;

    private final Map<String, Integer> indexes = new HashMap<>();
    private final Map<Map<String, Integer>, SkillRequirement> interned = new HashMap<>();
    private final SkillRequirement none;

    Skills() {
        none = requirement(Map.of());
    }

    /** The requirement of nothing at all. */
    SkillRequirement none() {
        return none;
    }

    /** The skill's index, handing out the next one for a name not met before. */
    int index(String skill) {
        Integer i = indexes.get(skill);
        if (i == null) {
            i = indexes.size();
            indexes.put(skill, i);
        }
        return i;
    }

    /** The one requirement equal to these minimums. */
    SkillRequirement requirement(Map<String, Integer> minimums) {
        SkillRequirement r = interned.get(minimums);
        if (r != null) {
            return r;
        }
        Map<String, Integer> copy = Map.copyOf(minimums);
        // Sorted by name, so that equal maps give equal arrays whatever their iteration order.
        String[] names = copy.keySet().toArray(new String[0]);
        Arrays.sort(names);
        int[] skills = new int[names.length];
        int[] mins = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            skills[i] = index(names[i]);
            mins[i] = copy.get(names[i]);
        }
        r = new SkillRequirement(copy, skills, mins);
        if (interned.size() >= INTERNED_LIMIT) {
            // Calls keep the requirements they hold; equal ones made afterwards are only no longer the same object.
            interned.clear();
        }
        interned.put(copy, r);
        return r;
    }

    /** A queue's requirement with a call's own minimums on top: the stricter minimum of each skill wins. */
    SkillRequirement merged(SkillRequirement queue, Map<String, Integer> own) {
        if (own.isEmpty()) {
            return queue;
        }
        SkillRequirement r = queue.mergedWithSame.get(own);
        if (r != null) {
            return r;
        }
        r = queue.mergedWith.get(own);
        if (r == null) {
            Map<String, Integer> m = new HashMap<>(queue.asMap);
            own.forEach((k, v) -> m.merge(k, v, Math::max));
            r = requirement(m);
            if (queue.mergedWith.size() >= CACHE_LIMIT) {
                queue.mergedWith.clear();
            }
            queue.mergedWith.put(Map.copyOf(own), r);
        }
        if (queue.mergedWithSame.size() >= CACHE_LIMIT) {
            queue.mergedWithSame.clear();
        }
        queue.mergedWithSame.put(own, r);
        return r;
    }

    /** The requirement after an escalation step: its minimums lowered to the step's, never raised nor added. */
    SkillRequirement lowered(SkillRequirement from, EscalationRule rule) {
        if (rule.lowerSkillsTo().isEmpty()) {
            return from;
        }
        SkillRequirement r = from.loweredBy.get(rule);
        if (r == null) {
            Map<String, Integer> m = new HashMap<>(from.asMap);
            rule.lowerSkillsTo().forEach((skill, level) -> m.computeIfPresent(skill,
                    (k, current) -> Math.min(current, level)));
            r = requirement(m);
            if (from.loweredBy.size() >= CACHE_LIMIT) {
                from.loweredBy.clear();
            }
            from.loweredBy.put(rule, r);
        }
        return r;
    }

    /** An agent's proficiencies by skill index (0 for skills it lacks). */
    int[] proficiencies(Map<String, Integer> skills) {
        int max = -1;
        for (String s : skills.keySet()) {
            max = Math.max(max, index(s));
        }
        int[] p = new int[max + 1];
        skills.forEach((s, level) -> p[index(s)] = level);
        return p;
    }
}
