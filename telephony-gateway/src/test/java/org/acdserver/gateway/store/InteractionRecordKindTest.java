package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionRecordKindTest {

    private static final InteractionRecordKind KIND = InteractionRecordKind.INSTANCE;

    @Test
    void everyFieldSurvivesTheSpoolFormat() throws Exception {
        InteractionRecord full = new InteractionRecord("c-1", "5550001", "care", List.of("welcome", "menu=2",
                "tab\\there \"quoted\"\nnewline"), "survey", "support", "agent7",
                Instant.parse("2026-01-05T10:00:00.123456Z"), Instant.parse("2026-01-05T10:00:03Z"),
                Instant.parse("2026-01-05T10:00:09Z"), Instant.parse("2026-01-05T10:02:00Z"), 6.0, 111.5,
                InteractionOutcome.TRANSFERRED, Map.of("csat", 4, "nps", 10, "ces", 2), "Local/100@outside");
        String line = KIND.encode(full);
        assertThat(line).doesNotContain("\n").contains("\"outcome\":\"transferred\"");
        assertThat(KIND.decode(line)).isEqualTo(full);
        assertThat(KIND.key(full)).isEqualTo("c-1");
    }

    @Test
    void missingPartsStayMissing() throws Exception {
        InteractionRecord sparse = new InteractionRecord("c-2", null, "main", List.of(), null, null, null,
                Instant.parse("2026-01-05T10:00:00Z"), null, null, null, null, null,
                InteractionOutcome.ABANDONED_IN_IVR);
        assertThat(KIND.decode(KIND.encode(sparse))).isEqualTo(sparse);
        assertThat(KIND.decode("{\"callId\":\"c-3\",\"startedAt\":\"2026-01-05T10:00:00Z\",\"outcome\":\"failed\","
                + "\"fieldOfALaterVersion\":1}").callId()).isEqualTo("c-3");
    }

    @Test
    void aBadLineIsAnIoError() {
        assertThatThrownBy(() -> KIND.decode("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> KIND.decode("{\"callId\":\"c\",\"outcome\":\"exploded\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("exploded");
    }
}
