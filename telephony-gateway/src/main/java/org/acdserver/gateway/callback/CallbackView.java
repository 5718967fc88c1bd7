package org.acdserver.gateway.callback;

import java.time.Instant;

/** A stored callback as it stands, for commands, reports and tests. */
public record CallbackView(String id, String originalCallId, String queue, String number, String state, int attempts,
                           String outcome, int mergedRequests, String agent, String legCallId, Instant requestedAt,
                           Instant notBefore, Instant connectedAt, Instant endedAt) {
}
