package org.acdserver.core;

/** The routing states of an agent, as the core sees them. */
public enum AgentState {
    /** Not signed in: never offered a call. */
    LOGGED_OUT,
    /** Signed in and free: may be offered a call. */
    READY,
    /** Offered a call whose agent leg is ringing. */
    RESERVED,
    /** Talking to a caller. */
    ON_CALL,
    /** After a call, finishing its work for the queue's wrap-up time. */
    WRAP_UP,
    /** Signed in but unavailable, with a reason such as "no-answer". */
    NOT_READY
}
