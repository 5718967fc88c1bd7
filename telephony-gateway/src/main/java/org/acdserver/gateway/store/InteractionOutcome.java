package org.acdserver.gateway.store;

import java.util.Locale;

/** How a call ended, as stored in {@code interaction.outcome}. */
public enum InteractionOutcome {
    /** An agent talked to the caller. */
    ANSWERED,
    /** The caller hung up before reaching a queue. */
    ABANDONED_IN_IVR,
    /** The caller hung up while waiting for an agent. */
    ABANDONED_IN_QUEUE,
    /** The flow served the caller without an agent (containment). */
    SELF_SERVICE,
    /** The call reached a queue but no agent took it (fallback). */
    NO_AGENT,
    /** The flow failed. */
    FAILED,
    /** A transfer step sent the call to an extension or an outside number. */
    TRANSFERRED,
    /** The caller left the queue with a callback that keeps their place (see the callback table). */
    CALLBACK_REQUESTED;

    /** The stored text: lower snake case. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InteractionOutcome fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
