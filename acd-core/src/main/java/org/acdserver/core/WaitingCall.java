package org.acdserver.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call the engine owns; ordered by priority (high first), then by arrival (early first).
 *
 * <p>Instances are pooled by {@link Queues}: a call that leaves the engine is reset and handed to the next arrival,
 * so a steady stream of calls allocates none. Nothing may keep a reference to a call past its {@link Queues#release}.
 * The fields {@link #prev}, {@link #next} and {@link #bucket} link the call into its {@link Line} while it waits
 * there, and {@link #agent} names the agent reserved for or talking to it.
 */
final class WaitingCall implements Comparable<WaitingCall> {
    String callId;
    String queue;
    /** Raised by escalation; the call must be out of its line while this changes. */
    int priority;
    long enqueuedAtMillis;
    /** Arrival order; ties on time are broken by it, so FIFO holds even within one millisecond. */
    long sequence;
    int offers;
    /** The queue's skill minimums merged with the call's own; lowered by escalation (out of line meanwhile). */
    SkillRequirement requirement;
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
    /** What the call itself asked for, beyond its queue; it keeps these when it moves to another queue. */
    Map<String, Integer> ownSkills = Map.of();

    /** The agent reserved for or talking to this call, or null. */
    RoutedAgent agent;
    /** Line links: the bucket the call waits in (null when not in a line) and its neighbours there. */
    Line.Bucket bucket;
    WaitingCall prev;
    WaitingCall next;

    /** Sets the call up for a new arrival (a fresh or a pooled instance). */
    WaitingCall init(String callId, String queue, int priority, long enqueuedAtMillis, long sequence,
                     SkillRequirement requirement) {
        this.callId = callId;
        this.queue = queue;
        this.priority = priority;
        this.enqueuedAtMillis = enqueuedAtMillis;
        this.sequence = sequence;
        this.requirement = requirement;
        return this;
    }

    /** Forgets everything, for the pool. */
    void reset() {
        callId = null;
        queue = null;
        priority = 0;
        enqueuedAtMillis = 0;
        sequence = 0;
        offers = 0;
        requirement = null;
        escalationSteps = 0;
        callback = false;
        notBeforeMillis = 0;
        held = false;
        restored = false;
        history = List.of();
        ownSkills = Map.of();
        agent = null;
        bucket = null;
        prev = null;
        next = null;
    }

    boolean visited(String queueId) {
        return queue.equals(queueId) || history.contains(queueId);
    }

    /** Whether the call waits in a line now. */
    boolean inLine() {
        return bucket != null;
    }

    /**
     * Makes {@code moved} the same call waiting in another queue: same arrival, priority, escalation and place; the
     * new queue's skills plus the call's own. (An overflow is rare: its history list is the one thing allocated.)
     */
    WaitingCall moveInto(WaitingCall moved, String nextQueue, SkillRequirement nextRequirement) {
        moved.init(callId, nextQueue, priority, enqueuedAtMillis, sequence, nextRequirement);
        moved.ownSkills = ownSkills;
        moved.callback = callback;
        moved.escalationSteps = 0;
        List<String> h = new ArrayList<>(history);
        h.add(queue);
        moved.history = List.copyOf(h);
        return moved;
    }

    /** Its place, as a standby needs it. */
    CallPlace place() {
        return new CallPlace(callId, queue, priority, enqueuedAtMillis, sequence, requirement.asMap, ownSkills,
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
