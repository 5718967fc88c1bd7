package org.acdserver.core;

/**
 * A change of an agent's {@link AgentActivity} as the core hands it to its {@link RoutingPort}: the same facts as an
 * {@link AgentStateChange}, held in one object that {@link AgentHistory} fills in again for every change, so that
 * reporting a change allocates nothing on the routing thread.
 *
 * <p>It is valid only during the port call it is given to; a port that keeps the change copies it, as
 * {@link #toChange()} does.
 */
public final class AgentStateView {

    String agentId;
    AgentActivity activity;
    AgentStateCause cause;
    String reason;
    String callId;
    String queue;
    long callEnqueuedAtMillis;
    long atMillis;

    AgentStateView() {
    }

    /** The agent. */
    public String agentId() {
        return agentId;
    }

    /** What the agent does from {@link #atMillis()} on. */
    public AgentActivity activity() {
        return activity;
    }

    /** Who or what changed it. */
    public AgentStateCause cause() {
        return cause;
    }

    /** The not-ready reason ({@link AgentActivity#NOT_READY} only), else null. */
    public String reason() {
        return reason;
    }

    /** The call the agent rings for, talks to, holds or wraps up, or whose offer rang out; else null. */
    public String callId() {
        return callId;
    }

    /** That call's queue, else null. */
    public String queue() {
        return queue;
    }

    /** When that call entered its queue, else 0. */
    public long callEnqueuedAtMillis() {
        return callEnqueuedAtMillis;
    }

    /** When the change happened, by the core's clock. */
    public long atMillis() {
        return atMillis;
    }

    /** An immutable copy of this change. */
    public AgentStateChange toChange() {
        return new AgentStateChange(agentId, activity, cause, reason, callId, queue, callEnqueuedAtMillis, atMillis);
    }

    @Override
    public String toString() {
        return "AgentStateView[" + agentId + " " + activity + " by " + cause + " @" + atMillis + "]";
    }
}
