package org.acdserver.gateway.auth;

/**
 * What a user may ask to do, checked against a queue or an agent by {@link AccessPolicy#may}. Routes declare the
 * role they need; these finer actions are checked by the handlers that know the queue or agent a request is about.
 */
public enum Action {
    /** Change the configuration, users, tokens; read the audit log. Admins only. */
    ADMINISTER,
    /** See a queue's live wallboard (a queue target) or an agent on it (an agent target). */
    VIEW_WALLBOARD,
    /** Read interval reports of a queue or an agent. */
    VIEW_REPORTS,
    /** See an agent's state, or the states of a queue's agents. */
    VIEW_AGENT_STATES,
    /** Set an agent not ready or sign them out (a supervisor), or change one's own state (an agent). */
    SET_AGENT_STATE,
    /** Listen to, whisper to or barge into an agent's call. */
    LISTEN,
    /** Use the agent desktop of an agent: their calls, screen pops and controls. */
    USE_DESKTOP
}
