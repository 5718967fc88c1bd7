package org.acdserver.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Interaction records for tests. */
final class Records {

    private Records() {
    }

    static InteractionRecord answered(String callId) {
        Instant t = Instant.parse("2026-01-05T10:00:00.123Z");
        return new InteractionRecord(callId, "5550001", "main", List.of("welcome", "menu", "menu=1", "sales"),
                "sales", "sales", "agent1", t, t.plusSeconds(2), t.plusSeconds(9), t.plusSeconds(60), 7.0, 51.25,
                InteractionOutcome.ANSWERED, Map.of("csat", 5, "nps", 9), null);
    }
}
