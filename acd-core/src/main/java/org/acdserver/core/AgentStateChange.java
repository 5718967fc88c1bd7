package org.acdserver.core;

/**
 * One change of an agent's {@link AgentActivity}, as the core reports it to {@link RoutingPort#agentStateChanged}.
 *
 * @param agentId              the agent
 * @param activity             what the agent does from {@code atMillis} on
 * @param cause                who or what changed it
 * @param reason               the not-ready reason ({@link AgentActivity#NOT_READY} only), else null
 * @param callId               the call the agent rings for, talks to, holds or wraps up, or whose offer rang out;
 *                             else null
 * @param queue                that call's queue, else null
 * @param callEnqueuedAtMillis when that call entered its queue (its place in interval reports), else 0
 * @param atMillis             when the change happened, by the core's clock
 */
public record AgentStateChange(String agentId, AgentActivity activity, AgentStateCause cause, String reason,
                               String callId, String queue, long callEnqueuedAtMillis, long atMillis) {
}
