package org.acdserver.core;

/** How a call left the routing core for good; every call the core accepted ends in exactly one of these. */
public enum CallEnding {
    /** An agent talked to the caller, and the call is over. */
    ANSWERED,
    /** The caller hung up before an agent answered. */
    ABANDONED,
    /** The queue was full or the call waited its maximum, and no overflow queue took it: its flow goes on. */
    OVERFLOWED,
    /** The caller accepted a callback, which took over the call's place in line under its own id. */
    CALLBACK,
    /** A callback's last customer dial did not connect. */
    CALLBACK_FAILED,
    /** A pending callback was cancelled by a command. */
    CANCELLED
}
