package org.acdserver.core;

import java.util.Objects;

/**
 * Tells the {@link RoutingPort} each time an agent's {@link AgentActivity} changes, so that every change can be
 * stored: the engine calls {@link #report} after each transition of an agent, and this class works out what the
 * agent now does and reports it when it differs from what was reported last. A signed-out agent who signs in (and
 * every agent at start, when the core signs them all in) is reported {@link AgentActivity#LOGGED_IN} first.
 *
 * <p>What an agent does follows from its routing state: {@link AgentState#RESERVED} is ringing; a ready agent whose
 * device is unavailable is {@link AgentActivity#UNAVAILABLE}, since routing skips it; an agent on a call it holds is
 * {@link AgentActivity#ON_HOLD}. A not-ready agent whose reason changes is reported again.
 *
 * <p>Each change is written into one reused {@link AgentStateView} and handed to
 * {@link RoutingPort#agentActivityChanged}, so that reporting allocates nothing on the routing thread; a port that
 * keeps changes copies them ({@link AgentStateView#toChange()}, which the port's default does for
 * {@link RoutingPort#agentStateChanged}).
 *
 * <p>Touched only by the routing thread.
 */
final class AgentHistory {

    private final RoutingPort port;
    private final AgentStateView view = new AgentStateView();

    AgentHistory(RoutingPort port) {
        this.port = port;
    }

    /**
     * Reports the agent's activity if it changed.
     *
     * @param call the call the change concerns when the agent no longer holds it (a call that ended into wrap-up, an
     *             offer that rang out); null to take the agent's own call
     */
    void report(RoutedAgent agent, AgentStateCause cause, WaitingCall call, long nowMillis) {
        AgentActivity now = activity(agent);
        String reason = now == AgentActivity.NOT_READY ? agent.notReadyReason : null;
        if (now == agent.reported && Objects.equals(reason, agent.reportedReason)) {
            return;
        }
        WaitingCall about = call != null ? call : agent.call;
        if ((agent.reported == null || agent.reported == AgentActivity.LOGGED_OUT) && now != AgentActivity.LOGGED_OUT) {
            emit(agent, AgentActivity.LOGGED_IN, cause, null, null, nowMillis);
        }
        emit(agent, now, cause, reason, about, nowMillis);
    }

    /** Reports an agent that a reconfiguration removed as signed out. */
    void removed(RoutedAgent agent, long nowMillis) {
        if (agent.reported != null && agent.reported != AgentActivity.LOGGED_OUT) {
            emit(agent, AgentActivity.LOGGED_OUT, AgentStateCause.SYSTEM, null, null, nowMillis);
        }
    }

    private void emit(RoutedAgent agent, AgentActivity activity, AgentStateCause cause, String reason,
                      WaitingCall call, long nowMillis) {
        agent.reported = activity;
        agent.reportedReason = reason;
        AgentStateView v = view;
        v.agentId = agent.id;
        v.activity = activity;
        v.cause = cause;
        v.reason = reason;
        v.callId = call == null ? null : call.callId;
        v.queue = call == null ? null : call.queue;
        v.callEnqueuedAtMillis = call == null ? 0 : call.enqueuedAtMillis;
        v.atMillis = nowMillis;
        port.agentActivityChanged(v);
    }

    /** What the agent does now, as reports see it. */
    static AgentActivity activity(RoutedAgent agent) {
        return switch (agent.state) {
            case LOGGED_OUT -> AgentActivity.LOGGED_OUT;
            case READY -> agent.deviceAvailable ? AgentActivity.READY : AgentActivity.UNAVAILABLE;
            case RESERVED -> AgentActivity.RINGING;
            case ON_CALL -> agent.onHold ? AgentActivity.ON_HOLD : AgentActivity.ON_CALL;
            case WRAP_UP -> AgentActivity.WRAP_UP;
            case NOT_READY -> AgentActivity.NOT_READY;
        };
    }
}
