package org.acdserver.core;

/**
 * Where the core's commands go. Implementations are called on the routing thread and must not block:
 * they hand the command to their own threads (for example a Netty event loop) and return.
 */
public interface RoutingPort {

    /** Ring the decision's agent for its call; the outcome comes back as an answered, failed or ended event. */
    void offer(RoutingDecision decision);

    /**
     * The call left its queue unserved: the line was full, or it waited the queue's maximum (with no overflow
     * queue to take it). Its flow goes on to its fallback.
     */
    default void overflowed(String callId, String queue, String reason) {
        routingFailed(callId, new IllegalStateException("call " + callId + " left queue " + queue + ": " + reason));
    }

    /**
     * The call left the core for good, as {@code ending} says. Each accepted call ends exactly once; calls still
     * waiting or connected have not ended.
     */
    default void callLeft(String callId, CallEnding ending) {
    }

    /** A routing event for this call threw; the call should go to its fallback. */
    default void routingFailed(String callId, Throwable cause) {
    }
}
