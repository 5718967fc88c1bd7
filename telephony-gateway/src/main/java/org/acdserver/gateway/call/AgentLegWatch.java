package org.acdserver.gateway.call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells from the manager's events alone when the answered agent's leg of a call is over, so that the agent is freed
 * without waiting for the caller's {@code Dial} to return over AGI: the agent's channel (the one the caller's
 * {@code DialEnd} with {@code ANSWER} names) has hung up <em>and</em> the caller's channel is out of the bridge.
 *
 * <p>Both are needed. A hold or a consult takes the agent's channel out of the bridge with a redirect, not a
 * hang-up, so the caller leaves the bridge while the agent is still there. And an agent's channel can hang up while
 * the caller still talks to the agent: a Local channel that Asterisk optimizes away hands the caller's bridge to the
 * channel it dialled and then hangs up, and the caller never leaves the bridge. The events may come in either order.
 *
 * <p>Events come on the manager connection's thread (a new connection's may be another thread, hence the concurrent
 * maps). A leg is forgotten once over, when its caller hangs up, when
 * its caller answers another leg, or when the connection is made again (events may have been missed: the caller's
 * Dial then ends the leg, as without this watch).
 */
final class AgentLegWatch {

    /** An answered leg: the caller's and the agent's channel unique ids, and what the manager said of them. */
    static final class Leg {
        final String callId;
        final String agentChannel;
        private volatile boolean agentGone;
        /** True from the answer on: the caller is bridged with the agent, or about to be. */
        private volatile boolean callerBridged = true;

        private Leg(String callId, String agentChannel) {
            this.callId = callId;
            this.agentChannel = agentChannel;
        }
    }

    private final Map<String, Leg> byAgentChannel = new ConcurrentHashMap<>();
    private final Map<String, Leg> byCaller = new ConcurrentHashMap<>();

    /** The caller's channel {@code callId} was answered by the agent's channel {@code agentChannel} (unique ids). */
    void answered(String callId, String agentChannel) {
        forgetCaller(callId);
        if (agentChannel == null || agentChannel.isEmpty()) {
            return;
        }
        Leg leg = new Leg(callId, agentChannel);
        byCaller.put(callId, leg);
        byAgentChannel.put(agentChannel, leg);
    }

    /** A channel entered a bridge: a caller back with its agent (a resume after a hold). */
    void entered(String uniqueId) {
        Leg leg = byCaller.get(uniqueId);
        if (leg != null) {
            leg.callerBridged = true;
        }
    }

    /** A channel left a bridge; returns the leg this made over, or null. */
    Leg left(String uniqueId) {
        Leg leg = byCaller.get(uniqueId);
        if (leg == null) {
            return null;
        }
        leg.callerBridged = false;
        return overOrNull(leg);
    }

    /** A channel hung up; returns the leg this made over (the agent's channel hung up), or null. */
    Leg hungUp(String uniqueId) {
        Leg leg = byAgentChannel.get(uniqueId);
        if (leg != null) {
            leg.agentGone = true;
            return overOrNull(leg);
        }
        // The caller's own hang-up ends the call by itself (AmiCallEvents tells the call): nothing left to watch.
        forgetCaller(uniqueId);
        return null;
    }

    /** Events may have been missed: every leg is forgotten (their callers' Dials end them). */
    void clear() {
        byAgentChannel.clear();
        byCaller.clear();
    }

    /** Legs watched now. */
    int size() {
        return byCaller.size();
    }

    private Leg overOrNull(Leg leg) {
        if (!leg.agentGone || leg.callerBridged) {
            return null;
        }
        byCaller.remove(leg.callId, leg);
        byAgentChannel.remove(leg.agentChannel, leg);
        return leg;
    }

    private void forgetCaller(String callId) {
        Leg previous = byCaller.remove(callId);
        if (previous != null) {
            byAgentChannel.remove(previous.agentChannel, previous);
        }
    }
}
