package org.acdserver.core;

import com.carrotsearch.hppc.ObjectLongHashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The latest routing decisions, kept so that an operator can ask why an agent got a call ({@code /decisions}):
 * everything a {@link RoutingDecision} says, in storage that is allocated once.
 *
 * <p>Algorithm. Decisions are numbered. Decision {@code n} is copied into slot {@code n mod capacity} of a ring of
 * preallocated slots, its candidate ids into a second ring of ids, and each slot links to the number of the same
 * call's previous decision; a map holds each call's latest number. A new decision overwrites the oldest slot (and
 * the oldest candidate ids); a decision whose slot or candidates were overwritten is gone. Reading a call walks its
 * links back, newest first, at most {@link #PER_CALL} decisions: that bounds the history kept per call, however
 * often its offers fail. So memory is fixed, recording is a few stores, and nothing grows with a call's history.
 *
 * <p>Touched only by the routing thread; reads build {@link RoutingDecision}s there and hand them over.
 */
final class DecisionLog {

    /** At most this many decisions are returned for one call, the latest ones. */
    static final int PER_CALL = 64;

    /** One remembered decision; {@code number} is -1 while the slot was never used. */
    private static final class Slot {
        long number = -1;
        long previous = -1;
        String callId;
        String queue;
        String agentId;
        String endpoint;
        int ringTimeoutSeconds;
        String strategy;
        long candidatesAt;
        int candidateCount;
        long waitedMillis;
        int attempt;
        int priority;
        Map<String, Integer> requiredSkills;
        int escalationStep;
        /** A later decision of the same call was recorded: the map's entry for the call is not this one's. */
        boolean superseded;
    }

    private final Slot[] slots;
    private final int slotMask;
    private final String[] candidates;
    private final int candidateMask;
    /**
     * Each call's latest decision number, sized for a full ring and at most half full: lookups compare with every
     * key of the run they land in, and a removal re-hashes the keys after it, each a string elsewhere in memory.
     */
    private final ObjectLongHashMap<String> latest;
    private long next;
    private long candidatesWritten;

    /**
     * @param decisions  decisions kept, a power of two
     * @param candidates candidate ids kept over all of them, a power of two
     */
    DecisionLog(int decisions, int candidates) {
        if (Integer.bitCount(decisions) != 1 || Integer.bitCount(candidates) != 1) {
            throw new IllegalArgumentException("decision log sizes must be powers of two, not " + decisions + " and "
                    + candidates);
        }
        this.slots = new Slot[decisions];
        for (int i = 0; i < decisions; i++) {
            slots[i] = new Slot();
        }
        this.slotMask = decisions - 1;
        this.candidates = new String[candidates];
        this.candidateMask = candidates - 1;
        this.latest = new ObjectLongHashMap<>(decisions, 0.5);
    }

    /** Keeps a copy of the decision. */
    void record(DecisionView d) {
        long number = next++;
        Slot s = slots[(int) (number & slotMask)];
        if (s.number >= 0 && !s.superseded) {
            // The oldest decision goes, and with it the last one its call had here.
            latest.remove(s.callId);
        }
        // One probe finds the call's previous decision and is where its latest number goes.
        int at = latest.indexOf(d.callId);
        if (latest.indexExists(at)) {
            s.previous = latest.indexReplace(at, number);
            slots[(int) (s.previous & slotMask)].superseded = true;
        } else {
            s.previous = -1;
            latest.indexInsert(at, d.callId, number);
        }
        s.number = number;
        s.superseded = false;
        s.callId = d.callId;
        s.queue = d.queue;
        s.agentId = d.agentId;
        s.endpoint = d.endpoint;
        s.ringTimeoutSeconds = d.ringTimeoutSeconds;
        s.strategy = d.strategy;
        s.waitedMillis = d.waitedMillis;
        s.attempt = d.attempt;
        s.priority = d.priority;
        s.requiredSkills = d.requiredSkills;
        s.escalationStep = d.escalationStep;
        s.candidatesAt = candidatesWritten;
        s.candidateCount = d.candidateCount;
        for (int i = 0; i < d.candidateCount; i++) {
            candidates[(int) (candidatesWritten++ & candidateMask)] = d.candidates[i].definition.id();
        }
    }

    /** The call's decisions still kept, oldest first (at most {@link #PER_CALL}); empty for none. */
    List<RoutingDecision> decisionsFor(String callId) {
        List<RoutingDecision> found = new ArrayList<>();
        long n = latest.getOrDefault(callId, -1);
        while (n >= 0 && found.size() < PER_CALL) {
            Slot s = slots[(int) (n & slotMask)];
            if (s.number != n || s.candidatesAt < candidatesWritten - candidates.length) {
                break;
            }
            List<String> ids = new ArrayList<>(s.candidateCount);
            for (int i = 0; i < s.candidateCount; i++) {
                ids.add(candidates[(int) ((s.candidatesAt + i) & candidateMask)]);
            }
            found.add(new RoutingDecision(s.callId, s.queue, s.agentId, s.endpoint, s.ringTimeoutSeconds, s.strategy,
                    ids, s.waitedMillis, s.attempt, s.priority, s.requiredSkills, s.escalationStep));
            n = s.previous;
        }
        Collections.reverse(found);
        return found;
    }
}
