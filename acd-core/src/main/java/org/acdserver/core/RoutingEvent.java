package org.acdserver.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One slot of the routing ring buffer. Slots are preallocated and reused, so publishing an event allocates nothing
 * beyond what the caller already holds; the consumer clears references after use so they can be collected.
 */
final class RoutingEvent {

    /** What happened. */
    enum Type {
        CALL_QUEUED, CALLER_HUNG_UP, OFFER_ANSWERED, OFFER_FAILED, CALL_ENDED,
        AGENT_READY, AGENT_NOT_READY, AGENT_LOGGED_OUT, DEVICE_AVAILABILITY, TICK, CONFIGURE, SNAPSHOT,
        CALL_HELD, CALL_RESUMED, CALL_RESTORED, CALLBACK_QUEUED, CALLBACK_ATTEMPT_FAILED, CALLBACK_RESCHEDULED,
        CALLBACK_CANCELLED, ESTIMATE, DECISIONS, AGENT_HOLD, QUEUE_STATUS, CALLBACK_DEFERRED,
        TRANSFER_RESERVED, CALL_TRANSFERRED, TRANSFER_CANCELLED, AGENT_ACTIVITIES
    }

    Type type;
    long timeMillis;
    /** {@link System#nanoTime()} when the event was published: where the latency of an offer it leads to starts. */
    long publishedNanos;
    String callId;
    String agentId;
    String queue;
    String reason;
    int priority;
    boolean available;
    OfferFailure failure;
    RoutingConfiguration configuration;
    Map<String, Integer> skills;
    CompletableFuture<Object> reply;
    CallbackRequest callback;
    CallPlace place;
    /** A time the event carries: a callback's retry or scheduled time. */
    long atMillis;
    /** Who or what asked for an agent's state change. */
    AgentStateCause cause;

    void clear() {
        callId = null;
        agentId = null;
        queue = null;
        reason = null;
        failure = null;
        configuration = null;
        skills = null;
        reply = null;
        callback = null;
        place = null;
        cause = null;
    }
}
