package org.acdserver.core;

import java.util.Locale;

/** Why an agent's state changed: who or what asked for it. */
public enum AgentStateCause {
    /** The agent dialed a feature code from the phone ({@code *41}...). */
    FEATURE_CODE,
    /** The agent's desktop page. */
    DESKTOP,
    /** A supervisor, for the agent. */
    SUPERVISOR,
    /** The agent let an offered call ring out (or the phone was busy or unreachable when offered one). */
    RING_NO_ANSWER,
    /** The phone became unavailable (unregistered, unreachable), or available again. */
    PHONE_UNREGISTERED,
    /** The server itself: routing (an offer, an answer, the end of a call or of wrap-up), a start or a reload. */
    SYSTEM;

    /** The stored text: lower snake case. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause a stored text names. */
    public static AgentStateCause fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
