package org.acdserver.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The queues as configured, each queue's {@link Line}, and every call the engine still owns, by id.
 *
 * <p>A call is owned from the moment the engine accepts it until it leaves for good (answered and ended, abandoned,
 * overflowed, taken over by a callback, failed or cancelled). While owned it is in one of these places: in its
 * queue's line; held out of line while its caller decides on a callback; reserved by or talking to an agent; or, for
 * a callback, waiting outside the line for its time. This class keeps the first place and the ownership; the
 * {@link Roster} knows the agent that holds a call and the {@link CallbackScheduler} the callbacks not yet due. (A
 * call whose agent a reconfiguration removed is in none of them until its end arrives.)
 *
 * <p>A line outlives its queue: a reconfiguration that removes a queue leaves its calls in line, where they keep
 * their places and show in snapshots, and a configuration that brings the queue back finds them there. Arrival
 * sequence numbers are handed out here, so that first in, first out holds even for calls that arrive in the same
 * millisecond and for callbacks placed after everything already waiting.
 *
 * <p>Touched only by the routing thread.
 */
final class Queues {

    private Map<String, QueueDefinition> definitions = Map.of();
    private final Map<String, Line> lines = new HashMap<>();
    private final Map<String, WaitingCall> calls = new HashMap<>();
    private long sequence;

    /** Takes the configuration's queue definitions; every queue gets a line, and existing lines are kept. */
    void configure(RoutingConfiguration configuration) {
        definitions = configuration.queuesById();
        for (QueueDefinition q : configuration.queues()) {
            lines.computeIfAbsent(q.id(), k -> new Line());
        }
    }

    /** The queue's definition, or null for a queue not (or no longer) configured. */
    QueueDefinition definition(String queue) {
        return definitions.get(queue);
    }

    boolean isConfigured(String queue) {
        return definitions.containsKey(queue);
    }

    Collection<QueueDefinition> definitions() {
        return definitions.values();
    }

    /** The queue's line, or null for a queue that was never configured. */
    Line line(String queue) {
        return lines.get(queue);
    }

    /** The ids of every queue with a line, configured now or before. */
    Set<String> lineIds() {
        return lines.keySet();
    }

    /** The line of every queue, configured now or before. */
    Map<String, Line> lines() {
        return lines;
    }

    /** Puts an owned call into its queue's line. */
    void enterLine(WaitingCall call) {
        lines.get(call.queue).add(call);
    }

    /** Takes a call out of its queue's line, if it is there. */
    void leaveLine(WaitingCall call) {
        Line line = lines.get(call.queue);
        if (line != null) {
            line.remove(call);
        }
    }

    /** The owned call with this id, or null. */
    WaitingCall call(String callId) {
        return calls.get(callId);
    }

    boolean owns(String callId) {
        return calls.containsKey(callId);
    }

    /** The engine owns the call from now on (a call moved to another queue replaces its old self). */
    void own(WaitingCall call) {
        calls.put(call.callId, call);
    }

    /** The call leaves the engine; returns it, or null if it was not owned. */
    WaitingCall disown(String callId) {
        return calls.remove(callId);
    }

    /** The next arrival sequence number. */
    long nextSequence() {
        return ++sequence;
    }
}
