package org.acdserver.core;

import java.util.Locale;

/**
 * What an agent is doing, as the agent-state history records it: the routing {@link AgentState} made finer where
 * reports need it (a ready agent whose phone is unavailable, a call on hold) and with the sign-in as an entry of its
 * own.
 */
public enum AgentActivity {
    /** Signed in; the entry is followed at once by the state the agent signed in to. Takes no time. */
    LOGGED_IN,
    /** Signed in and free: offered the next call. */
    READY,
    /** Signed in but paused, with a reason (break, lunch, no-answer...). */
    NOT_READY,
    /** Reserved for a call whose agent leg rings. */
    RINGING,
    /** Talking to a caller. */
    ON_CALL,
    /** On a call the agent put on hold. */
    ON_HOLD,
    /** After a call, finishing its work. */
    WRAP_UP,
    /** Signed out. */
    LOGGED_OUT,
    /** Ready, but the phone is unavailable (unregistered, unreachable or busy outside the ACD): not offered calls. */
    UNAVAILABLE;

    /** The stored text: lower snake case. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activity a stored text names. */
    public static AgentActivity fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
