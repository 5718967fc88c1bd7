package org.acdserver.flow;

/** How a call left its queue. */
public enum QueueResult {
    /** An agent talked to the caller; the agent leg has ended. */
    CONNECTED,
    /** The caller accepted a callback that keeps the call's place in line, and may now be let go. */
    CALLBACK_ACCEPTED,
    /** No agent took the call (unknown queue, no agents, a routing failure): the flow goes on at its fallback. */
    NOT_SERVED
}
