package org.acdserver.core;

import java.util.List;
import java.util.Map;

/**
 * A consistent picture of the routing state, taken on the routing thread.
 *
 * @param agents  every agent's state and current call
 * @param waiting ids of waiting calls per queue, in the order they will be served
 * @param scheduledCallbacks ids of callbacks waiting for their time (retry spacing, opening hours) outside the lines
 */
public record RoutingSnapshot(Map<String, AgentView> agents, Map<String, List<String>> waiting,
                              List<String> scheduledCallbacks) {

    /** One agent in a snapshot; {@code onHold} when the agent put its call on hold (state {@code ON_CALL}). */
    public record AgentView(String id, AgentState state, String callId, String notReadyReason, long callsTaken,
                            boolean onHold) {

        /** An agent whose call, if any, is not on hold. */
        public AgentView(String id, AgentState state, String callId, String notReadyReason, long callsTaken) {
            this(id, state, callId, notReadyReason, callsTaken, false);
        }
    }
}
