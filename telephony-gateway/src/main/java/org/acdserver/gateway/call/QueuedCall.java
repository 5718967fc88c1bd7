package org.acdserver.gateway.call;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.QueueRequest;

/** A call the routing core knows about, as the gateway's routing and AMI sides see it. */
public interface QueuedCall {

    /** Asterisk's unique id of the caller's channel. */
    String callId();

    /** {@link System#nanoTime()} when the call joined its queue. */
    long queuedAtNanos();

    /** The caller's number as Asterisk gave it (may be empty when withheld); null when unknown. */
    default String callerNumber() {
        return null;
    }

    /** The queue the call waits in or was connected from; null before its queue step. */
    default String queue() {
        return null;
    }

    /** When the call joined its queue (wall clock); null before its queue step. */
    default Instant queuedAt() {
        return null;
    }

    /** What the call's queue step asked for; null before it. */
    default QueueRequest queueRequest() {
        return null;
    }

    /** The caller's way through the flow up to the queue: steps and menu keys (e.g. {@code menu=1}), in order. */
    default List<String> ivrPath() {
        QueueRequest request = queueRequest();
        return request == null ? List.of() : request.path();
    }

    /** What the flow's queue step marked for the agent's screen pop: variable name to value, in the step's order. */
    default Map<String, String> display() {
        QueueRequest request = queueRequest();
        return request == null ? Map.of() : request.display();
    }

    /** The core chose an agent: ring it and connect the caller. Called on any thread. */
    void connect(RoutingDecision decision);

    /**
     * As {@link #connect(RoutingDecision)}, for a decision that an event published into the core at
     * {@code eventNanos} ({@link System#nanoTime()}) led to: a call that times its ring from there does so.
     */
    default void connect(RoutingDecision decision, long eventNanos) {
        connect(decision);
    }

    /**
     * The core has the call in line and no agent took it: the caller holds until {@link #connect}. Called on any
     * thread; a call that was offered at once never hears it.
     */
    default void waiting() {
    }

    /** The agent leg answered (from AMI); {@code asteriskMicros} is Asterisk's event time, or 0 if unknown. */
    void agentAnswered(long asteriskMicros);

    /** As {@link #agentAnswered(long)}, on the agent's channel of unique id {@code agentChannel} (null if unknown). */
    default void agentAnswered(long asteriskMicros, String agentChannel) {
        agentAnswered(asteriskMicros);
    }

    /**
     * The manager reported the answered agent's channel {@code agentChannel} (unique id) hung up and the caller out of
     * its bridge, at Asterisk's {@code asteriskMicros} (0 if unknown): the conversation is over, though the caller's
     * Dial may not have returned yet. Called on any thread.
     */
    default void agentLegEnded(String agentChannel, long asteriskMicros) {
    }

    /** The caller entered the bridge with the agent (from AMI). */
    void bridged(long asteriskMicros);

    /** The manager reported the caller's channel gone; the AGI side normally says so too, this covers a lost line. */
    void channelHungUp();

    /** The routing core could not place the call; it goes to its flow's fallback. */
    void routingFailed();

    /** The call left its queue unserved: {@code full}, or {@code max-wait}; its flow goes on. */
    default void leftUnserved(String reason) {
        routingFailed();
    }
}
