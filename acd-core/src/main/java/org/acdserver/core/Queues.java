package org.acdserver.core;

import com.carrotsearch.hppc.ObjectObjectHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>Allocation: calls are looked up in an open-addressing map (HPPC: no entry objects, and keys' hashes are mixed,
 * so that call ids that follow each other, as Asterisk's do, do not cluster) and their objects come from a pool
 * that {@link #release} refills, so owning and disowning a call allocates nothing once the pool and the map have
 * grown to the largest number of calls owned at once. Touched only by the routing thread.
 */
final class Queues {

    /** Calls the map of owned calls holds before it first grows, and how full it gets before it grows. */
    static final int EXPECTED_CALLS = 1 << 10;
    static final double LOAD_FACTOR = 0.25;

    private final Skills skills;
    private Map<String, QueueDefinition> definitions = Map.of();
    /** The configured queues in configuration order: escalation, overflow and broad dispatches go in this order. */
    private List<QueueDefinition> ordered = List.of();
    private final Map<String, SkillRequirement> requirements = new HashMap<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();
    /** Every line, configured now or before, in the order the queues were first configured. */
    private final List<String> lineOrder = new ArrayList<>();
    /**
     * Owned calls by id, at most a quarter full: with linear probing a lookup compares its id with every key of the run
     * it lands in, and each of those keys is a string elsewhere in memory (a cache miss), so short runs are what
     * keeps a lookup, above all a new call's miss, cheap.
     */
    private final ObjectObjectHashMap<String, WaitingCall> calls =
            new ObjectObjectHashMap<>(EXPECTED_CALLS, LOAD_FACTOR);
    private final ArrayList<WaitingCall> pool = new ArrayList<>();
    private long sequence;

    Queues(Skills skills) {
        this.skills = skills;
    }

    /** Takes the configuration's queue definitions; every queue gets a line, and existing lines are kept. */
    void configure(RoutingConfiguration configuration) {
        definitions = configuration.queuesById();
        ordered = configuration.queues();
        requirements.clear();
        for (QueueDefinition q : ordered) {
            requirements.put(q.id(), skills.requirement(q.requiredSkills()));
            if (!lines.containsKey(q.id())) {
                lines.put(q.id(), new Line());
                lineOrder.add(q.id());
            }
        }
    }

    /** The queue's definition, or null for a queue not (or no longer) configured. */
    QueueDefinition definition(String queue) {
        return definitions.get(queue);
    }

    /** The queue's own skill minimums, interned; null for a queue not configured. */
    SkillRequirement requirement(String queue) {
        return requirements.get(queue);
    }

    boolean isConfigured(String queue) {
        return definitions.containsKey(queue);
    }

    /** The configured queues, in configuration order (a list: walk it by index). */
    List<QueueDefinition> definitions() {
        return ordered;
    }

    /** The queue's line, or null for a queue that was never configured. */
    Line line(String queue) {
        return lines.get(queue);
    }

    /** The ids of every queue with a line, configured now or before, in the order first configured. */
    List<String> lineIds() {
        return lineOrder;
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

    /**
     * Where the call with this id is, or would go, in the map of owned calls: one probe that serves both
     * {@link #callAt} and {@link #ownAt}, for an arrival that checks the id and then takes the call. The slot is
     * valid only until the map next changes.
     */
    int slotOf(String callId) {
        return calls.indexOf(callId);
    }

    /** The owned call at a slot from {@link #slotOf}, or null when that id is not owned. */
    WaitingCall callAt(int slot) {
        return calls.indexExists(slot) ? calls.indexGet(slot) : null;
    }

    /** Owns a new call at the free slot {@link #slotOf} gave for its id, with no change to the map since. */
    void ownAt(int slot, WaitingCall call) {
        calls.indexInsert(slot, call.callId, call);
    }

    /** A call object for a new arrival, from the pool when it has one. */
    WaitingCall newCall() {
        int n = pool.size();
        return n == 0 ? new WaitingCall() : pool.remove(n - 1);
    }

    /**
     * Gives a call object back to the pool. Only for a call that left the engine (or was replaced by its moved self)
     * and that nothing refers to any more: not a line, an agent, a scheduled callback nor the call map.
     */
    void release(WaitingCall call) {
        call.reset();
        pool.add(call);
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
