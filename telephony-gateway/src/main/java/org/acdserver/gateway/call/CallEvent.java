package org.acdserver.gateway.call;

/** What can happen to a live call, from the flow, the routing core, Asterisk (AGI and AMI) or the callback store. */
enum CallEvent {
    /** The flow's queue step hands the call to a queue. */
    QUEUE,
    /** The routing core chose an agent for the call. */
    OFFER,
    /** The routing core has the call in line and no agent took it: the caller holds until an offer comes. */
    WAITING,
    /** The manager reported the agent leg answered ({@code DialEnd} with {@code ANSWER}). */
    AGENT_ANSWERED,
    /** The manager reported the caller entering the bridge with the agent ({@code BridgeEnter}). */
    BRIDGE_ENTERED,
    /** The agent's Dial ended after the agent answered: the conversation is over. */
    AGENT_LEG_ENDED,
    /**
     * The manager reported the answered agent's channel hung up and the caller out of its bridge
     * ({@link AgentLegWatch}): the conversation is over and the agent is freed at once, before the caller's Dial
     * returns (which then ends the leg as {@link #AGENT_LEG_ENDED} does, the agent already free).
     */
    AGENT_HUNG_UP,
    /** The agent's phone rang out, was busy or unreachable. */
    LEG_FAILED,
    /** The caller hung up: AGI {@code HANGUP}, a dead channel, a closed connection or the manager's {@code Hangup}. */
    CALLER_GONE,
    /** The routing core could not place the call. */
    ROUTING_FAILED,
    /** The call left its queue unserved (waited the maximum, or turned away by a full queue with no callback). */
    LEFT_UNSERVED,
    /** A full queue turned the call away, and the queue offers a callback instead. */
    QUEUE_FULL,
    /** The waiting caller pressed the callback key (during the hold, an announcement or the offer on entry). */
    CALLBACK_KEY,
    /** The caller gave a number (and a time) to be called back at. */
    CALLBACK_CHOSEN,
    /** The caller gave no number, or the request could not be stored: the call goes back to its place. */
    BACK_IN_LINE,
    /** As {@link #BACK_IN_LINE}, for a call a full queue turned away: it has no place to go back to. */
    NO_PLACE,
    /** The callback request is committed. */
    CALLBACK_STORED,
    /** The callback request could not be committed. */
    CALLBACK_NOT_STORED,
    /** The agent's leg ended because the agent transferred the call from the desktop (to another queue). */
    TRANSFERRED,
    /** As {@link #TRANSFERRED}, to a number the caller's channel dials: the call leaves its queue. */
    TRANSFERRED_OUT,
    /** The flow ended: the call's record is due. */
    FINISH,
    /**
     * The server shuts down: a caller who is not talking to an agent is handed back to the dialplan, which sends
     * them on to its fallback.
     */
    SHUTDOWN
}
