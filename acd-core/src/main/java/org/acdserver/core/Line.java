package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue's waiting calls, kept in order as they come and go: nothing is sorted, copied or allocated per call.
 *
 * <p>Structure. Calls are grouped by their {@link SkillRequirement} (calls in one group are eligible for exactly the
 * same agents, so the best call an agent may take is the best of the group heads it qualifies for: one check per
 * group rather than a scan past every call it cannot take). In a group, calls sit in one bucket per priority, the
 * buckets ordered from the highest priority down, and in a bucket the calls form a doubly linked list in arrival
 * order, linked through the calls themselves ({@link WaitingCall#prev}, {@link WaitingCall#next}).
 *
 * <p>Costs. An arrival has the newest sequence, so it goes to its bucket's tail at once; a call going back to its
 * place (a failed offer, the end of a callback dialog) usually goes to the head; only a call moved in with an older
 * place in the middle (an overflow, a callback reloaded out of order) walks its bucket. Removal is constant. The
 * best call of a group is the head of its first non-empty bucket. Groups and buckets are made when a requirement or
 * a priority is first met in the line and kept afterwards, so steady traffic allocates nothing.
 *
 * <p>Every call can be visited without a copy through {@link #first()} and {@link #after(WaitingCall)} (group by
 * group, not in service order); ask for the next call before taking the current one out. {@link #ordered()} is the
 * sorted copy, for snapshots. Touched only by the routing thread.
 */
final class Line {

    /** Calls of one priority within a group, in arrival order. */
    static final class Bucket {
        final Group group;
        final int priority;
        int index;
        WaitingCall head;
        WaitingCall tail;

        Bucket(Group group, int priority) {
            this.group = group;
            this.priority = priority;
        }
    }

    /** Calls of one requirement, in buckets from the highest priority down. */
    static final class Group {
        final Line line;
        final SkillRequirement requirement;
        final int index;
        Bucket[] buckets = new Bucket[2];
        int bucketCount;
        int size;

        Group(Line line, SkillRequirement requirement, int index) {
            this.line = line;
            this.requirement = requirement;
            this.index = index;
        }

        /** The best call of the group: the head of its first non-empty bucket; null when empty. */
        WaitingCall first() {
            if (size == 0) {
                return null;
            }
            for (int i = 0; i < bucketCount; i++) {
                if (buckets[i].head != null) {
                    return buckets[i].head;
                }
            }
            return null;
        }

        Bucket bucket(int priority) {
            int at = 0;
            while (at < bucketCount && buckets[at].priority > priority) {
                at++;
            }
            if (at < bucketCount && buckets[at].priority == priority) {
                return buckets[at];
            }
            if (bucketCount == buckets.length) {
                Bucket[] grown = new Bucket[bucketCount * 2];
                System.arraycopy(buckets, 0, grown, 0, bucketCount);
                buckets = grown;
            }
            System.arraycopy(buckets, at, buckets, at + 1, bucketCount - at);
            Bucket b = new Bucket(this, priority);
            buckets[at] = b;
            bucketCount++;
            for (int i = at; i < bucketCount; i++) {
                buckets[i].index = i;
            }
            return b;
        }
    }

    private final List<Group> groups = new ArrayList<>();
    /** Groups by requirement; requirements are interned, so this is an identity lookup. */
    private final Map<SkillRequirement, Group> byRequirement = new HashMap<>();
    private int size;

    void add(WaitingCall call) {
        if (call.bucket != null) {
            return;
        }
        Group g = byRequirement.get(call.requirement);
        if (g == null) {
            g = new Group(this, call.requirement, groups.size());
            groups.add(g);
            byRequirement.put(call.requirement, g);
        }
        Bucket b = g.bucket(call.priority);
        link(b, call);
        g.size++;
        size++;
    }

    private static void link(Bucket b, WaitingCall call) {
        call.bucket = b;
        WaitingCall tail = b.tail;
        if (tail == null) {
            call.prev = null;
            call.next = null;
            b.head = call;
            b.tail = call;
        } else if (tail.sequence < call.sequence) {
            call.prev = tail;
            call.next = null;
            tail.next = call;
            b.tail = call;
        } else {
            WaitingCall at = b.head;
            while (at.sequence < call.sequence) {
                at = at.next;
            }
            // Insert before the first call that arrived later.
            call.next = at;
            call.prev = at.prev;
            if (at.prev == null) {
                b.head = call;
            } else {
                at.prev.next = call;
            }
            at.prev = call;
        }
    }

    boolean remove(WaitingCall call) {
        Bucket b = call.bucket;
        if (b == null || b.group.line != this) {
            return false;
        }
        if (call.prev == null) {
            b.head = call.next;
        } else {
            call.prev.next = call.next;
        }
        if (call.next == null) {
            b.tail = call.prev;
        } else {
            call.next.prev = call.prev;
        }
        call.prev = null;
        call.next = null;
        call.bucket = null;
        b.group.size--;
        size--;
        return true;
    }

    boolean contains(WaitingCall call) {
        return call.bucket != null && call.bucket.group.line == this;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The best call the agent qualifies for, or null. */
    WaitingCall bestFor(RoutedAgent agent) {
        WaitingCall best = null;
        for (int i = 0, n = groups.size(); i < n; i++) {
            Group g = groups.get(i);
            WaitingCall head = g.first();
            if (head != null && (best == null || head.compareTo(best) < 0) && agent.qualifiesFor(g.requirement)) {
                best = head;
            }
        }
        return best;
    }

    /** The best call that at least one of the first {@code count} agents qualifies for, or null. */
    WaitingCall bestForAny(RoutedAgent[] agents, int count) {
        WaitingCall best = null;
        for (int i = 0, n = groups.size(); i < n; i++) {
            Group g = groups.get(i);
            WaitingCall head = g.first();
            if (head != null && (best == null || head.compareTo(best) < 0) && anyQualified(agents, count, g)) {
                best = head;
            }
        }
        return best;
    }

    private static boolean anyQualified(RoutedAgent[] agents, int count, Group g) {
        for (int i = 0; i < count; i++) {
            if (agents[i].qualifiesFor(g.requirement)) {
                return true;
            }
        }
        return false;
    }

    /** When the longest-waiting call entered the queue; 0 for an empty line. Walks every call: for status only. */
    long oldestEnqueuedAtMillis() {
        long oldest = 0;
        for (int i = 0, gs = groups.size(); i < gs; i++) {
            Group g = groups.get(i);
            for (int k = 0; k < g.bucketCount; k++) {
                for (WaitingCall c = g.buckets[k].head; c != null; c = c.next) {
                    if (oldest == 0 || c.enqueuedAtMillis < oldest) {
                        oldest = c.enqueuedAtMillis;
                    }
                }
            }
        }
        return oldest;
    }

    /** How many calls will be served before this one, over every group. */
    int ahead(WaitingCall call) {
        int n = 0;
        for (int i = 0, gs = groups.size(); i < gs; i++) {
            Group g = groups.get(i);
            for (int k = 0; k < g.bucketCount; k++) {
                Bucket b = g.buckets[k];
                for (WaitingCall c = b.head; c != null && c.compareTo(call) < 0; c = c.next) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first call of the line in group order (not service order), or null when it is empty. */
    WaitingCall first() {
        for (int i = 0, n = groups.size(); i < n; i++) {
            WaitingCall c = firstFrom(groups.get(i), 0);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /**
     * The call after this one when walking every call of the line: its bucket, then the group's next buckets, then
     * the next groups. Each call is met once; the walk is in arrival order within a bucket, not in service order.
     */
    WaitingCall after(WaitingCall call) {
        if (call.next != null) {
            return call.next;
        }
        Bucket b = call.bucket;
        WaitingCall c = firstFrom(b.group, b.index + 1);
        for (int i = b.group.index + 1, n = groups.size(); c == null && i < n; i++) {
            c = firstFrom(groups.get(i), 0);
        }
        return c;
    }

    private static WaitingCall firstFrom(Group g, int bucketIndex) {
        if (g.size == 0) {
            return null;
        }
        for (int k = bucketIndex; k < g.bucketCount; k++) {
            if (g.buckets[k].head != null) {
                return g.buckets[k].head;
            }
        }
        return null;
    }

    /** Every waiting call, in the order they would be served if every agent could take every call (a copy). */
    List<WaitingCall> ordered() {
        List<WaitingCall> all = new ArrayList<>(size);
        for (WaitingCall c = first(); c != null; c = after(c)) {
            all.add(c);
        }
        all.sort(null);
        return all;
    }
}
