package org.acdserver.gateway.spy;

import java.time.Instant;
import java.util.List;

/**
 * One stored listen, whisper or barge, as the spy report shows it.
 *
 * @param id           the spy's id
 * @param supervisor   who asked
 * @param agentId      whose call
 * @param callId       the call (the caller's channel unique id)
 * @param agentChannel the channel spied on
 * @param phone        the supervisor's phone that was rung
 * @param mode         the mode asked first
 * @param requestedAt  when it was asked
 * @param startedAt    when the phone joined the agent's channel, or null
 * @param endedAt      when it ended, or null while it runs
 * @param durationMs   how long it was on the call, or null while it runs
 * @param endReason    why it ended, or null while it runs
 * @param changes      each mode switch, in order
 */
public record SpyRow(long id, String supervisor, String agentId, String callId, String agentChannel, String phone,
                     SpyMode mode, Instant requestedAt, Instant startedAt, Instant endedAt, Long durationMs,
                     String endReason, List<ModeChange> changes) {

    public SpyRow {
        changes = List.copyOf(changes);
    }

    /** A switch of mode during a spy. */
    public record ModeChange(Instant at, SpyMode mode, String by) {
    }
}
