package org.acdserver.core;

/**
 * Where the core's commands go. Implementations are called on the routing thread and must not block:
 * they hand the command to their own threads (for example a Netty event loop) and return.
 */
public interface RoutingPort {

    /** Ring the decision's agent for its call; the outcome comes back as an answered, failed or ended event. */
    void offer(RoutingDecision decision);

    /**
     * A callback reached the head of its line and the decision's agent is reserved for it: ring the agent first,
     * then dial the customer. The agent's answer comes back as {@code offerAnswered}, a ring-no-answer as
     * {@code offerFailed}, a customer who cannot be reached as {@code callbackAttemptFailed}, the end of the
     * conversation as {@code callEnded}. Ports that place no callbacks leave it to {@link #routingFailed}.
     */
    default void dialCallback(RoutingDecision decision) {
        routingFailed(decision.callId(), new UnsupportedOperationException("this port places no callbacks"));
    }

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

    /**
     * A waiting call joined a line, or its place changed (escalation, a move to another queue, a restore): a standby
     * server that stores it can put the caller back at this place. Callbacks are not reported: they are stored as
     * callbacks.
     */
    default void callPlaced(CallPlace place) {
    }

    /** An agent answered the call: it waits no more, and its stored place is no longer needed. */
    default void placeReleased(String callId) {
    }

    /** A routing event for this call threw; the call should go to its fallback. */
    default void routingFailed(String callId, Throwable cause) {
    }
}
