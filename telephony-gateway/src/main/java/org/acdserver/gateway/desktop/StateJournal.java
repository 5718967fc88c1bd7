package org.acdserver.gateway.desktop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent's state changes are told together with their cause ({@value #DESKTOP} for a change the agent made on
 * their desktop). The server's journal logs them; an agent-state history plugs in here to store them.
 */
@FunctionalInterface
public interface StateJournal {

    /** The cause of a change made on the agent desktop. */
    String DESKTOP = "desktop";

    /**
     * An agent asked for a state change.
     *
     * @param agentId the agent
     * @param state   the state asked for ({@code ready}, {@code not_ready}, {@code logged_out})
     * @param reason  the not-ready reason, or null
     * @param cause   who or what changed it, e.g. {@value #DESKTOP}
     */
    void changed(String agentId, String state, String reason, String cause);

    /** A journal that writes one log line per change. */
    static StateJournal logged() {
        Logger log = LoggerFactory.getLogger(StateJournal.class);
        return (agentId, state, reason, cause) -> log.info("agent {} -> {}{} ({})", agentId, state,
                reason == null ? "" : " (" + reason + ")", cause);
    }
}
