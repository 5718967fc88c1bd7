package org.acdserver.core;

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
    java.util.Map<String, Integer> requiredSkills;
    /** How many of its queue's escalation steps have been applied. */
    int escalationSteps;

    WaitingCall(String callId, String queue, int priority, long enqueuedAtMillis, long sequence,
                java.util.Map<String, Integer> requiredSkills) {
        this.requiredSkills = requiredSkills;
        this.callId = callId;
        this.queue = queue;
        this.priority = priority;
        this.enqueuedAtMillis = enqueuedAtMillis;
        this.sequence = sequence;
    }

    @Override
    public int compareTo(WaitingCall o) {
        if (priority != o.priority) {
            return Integer.compare(o.priority, priority);
        }
        return Long.compare(sequence, o.sequence);
    }
}
