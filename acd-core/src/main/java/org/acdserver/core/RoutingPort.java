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
     * An agent's activity changed (see {@link AgentHistory}): every change, in the order it happened, so that the
     * gateway can store the agent-state history. Called on the routing thread, or on the thread that builds the core
     * for the sign-in of every agent at start.
     */
    default void agentStateChanged(AgentStateChange change) {
    }

    /** A routing event for this call threw; the call should go to its fallback. */
    default void routingFailed(String callId, Throwable cause) {
    }
}
