package org.acdserver.gateway.store;

import java.time.Instant;
import java.util.List;

/** One call's interaction record: caller, IVR path, queue, agent, times and outcome. Unknown parts are null. */
public record InteractionRecord(String callId, String callerNumber, String flow, List<String> ivrPath,
                                String lastStep, String queue, String agent, Instant startedAt, Instant enqueuedAt,
                                Instant answeredAt, Instant endedAt, Double waitSeconds, Double talkSeconds,
                                InteractionOutcome outcome) {
    public InteractionRecord {
        ivrPath = ivrPath == null ? List.of() : List.copyOf(ivrPath);
    }
}
