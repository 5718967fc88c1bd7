package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A call waiting in a queue; ordered by priority (high first), then by arrival (early first). */
final class WaitingCall implements Comparable<WaitingCall> {
    final String callId;
    final String queue;
    /** Raised by escalation; the call must be out of its line's TreeSet while this changes. */
    int priority;
    final long enqueuedAtMillis;
    /** Arrival order; ties on time are broken by it, so FIFO holds even within one millisecond. */
    final long sequence;
    int offers;
    /** Skill to minimum proficiency: the queue's requirements merged with the call's own; lowered by escalation. */
    Map<String, Integer> requiredSkills;
    /** How many of its queue's escalation steps have been applied. */
    int escalationSteps;
    /** A virtual caller: a callback waiting in the caller's place; offering it dials the customer, agent first. */
    boolean callback;
    /** A callback is not offered before this time (a retry's spacing, or the queue's opening); 0 when due. */
    long notBeforeMillis;
    /** Taken out of line while its caller decides on a callback; it keeps its place for when it comes back. */
    boolean held;
    /**
     * Put back at its stored place by a standby that took over routing, and held out of line until its caller
     * returns (the caller's session died with the server that routed it before).
     */
    boolean restored;
    /** Queues this call waited in before, oldest first, so an overflow never loops. */
    List<String> history = List.of();

    boolean visited(String queueId) {
        return queue.equals(queueId) || history.contains(queueId);
    }

    /** What the call itself asked for, beyond its queue; it keeps these when it moves to another queue. */
    Map<String, Integer> ownSkills = Map.of();

    /**
     * The same call waiting in another queue: same arrival, priority and place; the new queue's skills plus the
     * call's own.
     */
    WaitingCall movedTo(String nextQueue, Map<String, Integer> nextQueueSkills) {
        Map<String, Integer> required = new HashMap<>(nextQueueSkills);
        ownSkills.forEach((k, v) -> required.merge(k, v, Math::max));
        WaitingCall moved = new WaitingCall(callId, nextQueue, priority, enqueuedAtMillis, sequence,
                Map.copyOf(required));
        moved.ownSkills = ownSkills;
        moved.callback = callback;
        List<String> h = new ArrayList<>(history);
        h.add(queue);
        moved.history = List.copyOf(h);
        return moved;
    }

    WaitingCall(String callId, String queue, int priority, long enqueuedAtMillis, long sequence,
                Map<String, Integer> requiredSkills) {
        this.requiredSkills = requiredSkills;
        this.callId = callId;
        this.queue = queue;
        this.priority = priority;
        this.enqueuedAtMillis = enqueuedAtMillis;
        this.sequence = sequence;
    }

    /** Its place, as a standby needs it. */
    CallPlace place() {
        return new CallPlace(callId, queue, priority, enqueuedAtMillis, sequence, requiredSkills, ownSkills,
                escalationSteps, history);
    }

    @Override
    public int compareTo(WaitingCall o) {
        if (priority != o.priority) {
            return Integer.compare(o.priority, priority);
        }
        return Long.compare(sequence, o.sequence);
    }
}
