package org.acdserver.core;

/**
 * Where the core's commands go. Implementations are called on the routing thread and must not block:
 * they hand the command to their own threads (for example a Netty event loop) and return.
 */
public interface RoutingPort {

    /** Ring the decision's agent for its call; the outcome comes back as an answered, failed or ended event. */
    void offer(RoutingDecision decision);

    /**
     * As {@link #offer(RoutingDecision)}, for a decision that an event published into the core at {@code eventNanos}
     * ({@link System#nanoTime()}) led to: a port that times its offers from there overrides this one.
     */
    default void offer(RoutingDecision decision, long eventNanos) {
        offer(decision);
    }

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
     * The core's decision, as it makes it: a callback's goes to {@link #dialCallback}, a waiting caller's to
     * {@link #offer}, each as a {@link RoutingDecision} copied from the view. The view is valid only during this
     * call and is filled in again for the next decision; a port on a hot path reads it here instead and keeps only
     * what it needs, so that deciding allocates nothing.
     */
    default void decided(DecisionView decision) {
        RoutingDecision d = decision.toDecision();
        if (decision.callback()) {
            dialCallback(d);
        } else {
            offer(d, decision.eventPublishedNanos());
        }
    }

    /**
     * The call left its queue unserved: the line was full, or it waited the queue's maximum (with no overflow
     * queue to take it). Its flow goes on to its fallback.
     */
    default void overflowed(String callId, String queue, String reason) {
        routingFailed(callId, new IllegalStateException("call " + callId + " left queue " + queue + ": " + reason));
    }

    /**
     * The call is in its queue's line and no agent took it: its caller holds (music, announcements) until an offer
     * comes. Told when a call joined a line ({@code callQueued}), went back to it after a failed offer, or came back
     * from a callback dialog ({@code callResumed}), and is still waiting once the engine has dispatched; a call
     * offered at once is offered instead, so a gateway can ring a free agent before it starts any hold.
     */
    default void callWaiting(String callId) {
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

    /**
     * Whether this port stores places ({@link #callPlaced}): only then does the core build them, so that a server
     * without a standby allocates nothing per call for them.
     */
    default boolean keepsPlaces() {
        return false;
    }

    /** An agent answered the call: it waits no more, and its stored place is no longer needed. */
    default void placeReleased(String callId) {
    }

    /**
     * An agent's activity changed (see {@link AgentHistory}): every change, in the order it happened, so that the
     * gateway can store the agent-state history. Called on the routing thread, or on the thread that builds the core
     * for the sign-in of every agent at start. Called by the default {@link #agentActivityChanged} with a copy of
     * each change; the copy is the one allocation a change costs, once per change of an agent's state.
     */
    default void agentStateChanged(AgentStateChange change) {
    }

    /**
     * An agent's activity changed, as the core reports it: the default hands an {@link AgentStateChange} copied from
     * the view to {@link #agentStateChanged}. The view is valid only during this call and is filled in again for the
     * next change; a port on a hot path reads it here instead and keeps only what it needs, so that reporting
     * allocates nothing.
     */
    default void agentActivityChanged(AgentStateView change) {
        agentStateChanged(change.toChange());
    }

    /** A routing event for this call threw; the call should go to its fallback. */
    default void routingFailed(String callId, Throwable cause) {
    }
}
