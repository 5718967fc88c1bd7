package org.acdserver.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The latest routing decisions, kept so that an operator can ask why an agent got a call ({@code /decisions}):
 * everything a {@link RoutingDecision} says, in storage that is allocated once.
 *
 * <p>Algorithm. Decisions are numbered. Decision {@code n} is copied into slot {@code n mod capacity} of a ring of
 * preallocated slots, its candidate ids into a second ring of ids, and its call id's hash into an array next to the
 * slots. A new decision overwrites the oldest slot (and the oldest candidate ids); a decision whose slot or
 * candidates were overwritten is gone. Reading a call scans the hashes from the newest decision back, and takes the
 * slots whose call id matches, at most {@link #PER_CALL} decisions: that bounds the history kept per call, however
 * often its offers fail. So memory is fixed, recording is a few stores, and nothing grows with a call's history.
 *
 * <p>Why a scan and no map by call id: a map must also drop the entry of the call whose decision a new one
 * overwrites, and that call's id and its place in the map are long out of the cache; that removal, with the lookup
 * of the new call, was about a third of the routing core's time per call in {@code RoutingEngineBenchmark}. Recording
 * is asked for on every offer, reading only when an operator asks why: the scan reads one int per kept decision
 * ({@code RoutingEngine.LOGGED_DECISIONS} of them, 128 KiB), tens of microseconds on the routing thread per question.
 *
 * <p>Touched only by the routing thread; reads build {@link RoutingDecision}s there and hand them over.
 */
final class DecisionLog {

    /** At most this many decisions are returned for one call, the latest ones. */
    static final int PER_CALL = 64;

    /** One remembered decision. */
    private static final class Slot {
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
    }

    private final Slot[] slots;
    private final int slotMask;
    private final String[] candidates;
    private final int candidateMask;
    /** The call id's hash of each slot's decision, scanned when a call's decisions are asked for. */
    private final int[] callHashes;
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
        this.callHashes = new int[decisions];
    }

    /** Keeps a copy of the decision. */
    void record(DecisionView d) {
        long number = next++;
        Slot s = slots[(int) (number & slotMask)];
        callHashes[(int) (number & slotMask)] = d.callId.hashCode();
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
            candidates[(int) (candidatesWritten++ & candidateMask)] = d.candidates[i].id;
        }
    }

    /** The call's decisions still kept, oldest first (at most {@link #PER_CALL}); empty for none. */
    List<RoutingDecision> decisionsFor(String callId) {
        List<RoutingDecision> found = new ArrayList<>();
        int hash = callId.hashCode();
        long oldest = Math.max(0, next - slots.length);
        for (long n = next - 1; n >= oldest && found.size() < PER_CALL; n--) {
            int at = (int) (n & slotMask);
            if (callHashes[at] != hash) {
                continue;
            }
            Slot s = slots[at];
            if (s.candidatesAt < candidatesWritten - candidates.length) {
                // Its candidate ids were overwritten, and those of every older decision too.
                break;
            }
            if (!s.callId.equals(callId)) {
                continue;
            }
            List<String> ids = new ArrayList<>(s.candidateCount);
            for (int i = 0; i < s.candidateCount; i++) {
                ids.add(candidates[(int) ((s.candidatesAt + i) & candidateMask)]);
            }
            found.add(new RoutingDecision(s.callId, s.queue, s.agentId, s.endpoint, s.ringTimeoutSeconds, s.strategy,
                    ids, s.waitedMillis, s.attempt, s.priority, s.requiredSkills, s.escalationStep));
        }
        Collections.reverse(found);
        return found;
    }
}
