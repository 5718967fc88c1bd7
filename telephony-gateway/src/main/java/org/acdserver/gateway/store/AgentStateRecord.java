package org.acdserver.gateway.store;

import java.time.Instant;
import java.util.Objects;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;

/**
 * One stored change of an agent's activity (a row of {@code agent_state}): the agent does {@code activity} from
 * {@code at} until its next change.
 *
 * @param eventId        unique per change, so that a change replayed from the spool is stored once
 * @param agent          the agent
 * @param activity       what the agent does from {@code at} on
 * @param cause          who or what changed it
 * @param reason         the not-ready reason, else null
 * @param callId         the call rung for, talked to, held or wrapped up, or whose offer rang out; else null
 * @param queue          that call's queue, else null
 * @param callEnqueuedAt when that call entered its queue, else null
 * @param at             when the change happened
 */
public record AgentStateRecord(String eventId, String agent, AgentActivity activity, AgentStateCause cause,
                               String reason, String callId, String queue, Instant callEnqueuedAt, Instant at) {
    public AgentStateRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
