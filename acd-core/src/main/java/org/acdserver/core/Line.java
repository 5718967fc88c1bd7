package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One queue's waiting calls, kept in groups of equal skill requirements, each group ordered by priority then
 * arrival.
 *
 * <p>Why groups: calls in one group are eligible for exactly the same agents, so the best call an agent may take is
 * the best of the group heads it qualifies for. Finding it costs one check per group rather than a scan past every
 * call the agent cannot take, which under skills-based load would otherwise grow with the line.
 */
final class Line {

    private final Map<Map<String, Integer>, TreeSet<WaitingCall>> groups = new HashMap<>();
    private int size;

    void add(WaitingCall call) {
        if (groups.computeIfAbsent(call.requiredSkills, k -> new TreeSet<>()).add(call)) {
            size++;
        }
    }

    boolean remove(WaitingCall call) {
        TreeSet<WaitingCall> group = groups.get(call.requiredSkills);
        if (group == null || !group.remove(call)) {
            return false;
        }
        size--;
        if (group.isEmpty()) {
            groups.remove(call.requiredSkills);
        }
        return true;
    }

    boolean contains(WaitingCall call) {
        TreeSet<WaitingCall> group = groups.get(call.requiredSkills);
        return group != null && group.contains(call);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The best call whose requirements pass {@code eligible}, or null. */
    WaitingCall best(Predicate<WaitingCall> eligible) {
        WaitingCall best = null;
        for (TreeSet<WaitingCall> group : groups.values()) {
            WaitingCall head = group.first();
            if ((best == null || head.compareTo(best) < 0) && eligible.test(head)) {
                best = head;
            }
        }
        return best;
    }

    /** When the longest-waiting call entered the queue; 0 for an empty line. */
    long oldestEnqueuedAtMillis() {
        long oldest = 0;
        for (TreeSet<WaitingCall> group : groups.values()) {
            for (WaitingCall c : group) {
                if (oldest == 0 || c.enqueuedAtMillis < oldest) {
                    oldest = c.enqueuedAtMillis;
                }
            }
        }
        return oldest;
    }

    /** How many calls will be served before this one. */
    int ahead(WaitingCall call) {
        int n = 0;
        for (TreeSet<WaitingCall> group : groups.values()) {
            n += group.headSet(call).size();
        }
        return n;
    }

    /** Every waiting call, in the order they would be served if every agent could take every call. */
    List<WaitingCall> ordered() {
        List<WaitingCall> all = new ArrayList<>(size);
        groups.values().forEach(all::addAll);
        all.sort(null);
        return all;
    }
}
