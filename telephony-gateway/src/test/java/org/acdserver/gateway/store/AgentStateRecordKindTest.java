package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.junit.jupiter.api.Test;

class AgentStateRecordKindTest {

    private final AgentStateRecordKind kind = AgentStateRecordKind.INSTANCE;

    @Test
    void aChangeSurvivesTheSpoolWithEveryField() throws Exception {
        AgentStateRecord r = new AgentStateRecord("run-1", "ann", AgentActivity.WRAP_UP, AgentStateCause.SYSTEM,
                null, "c-1", "sales", Instant.parse("2026-03-02T08:00:01.250Z"),
                Instant.parse("2026-03-02T08:03:00.125Z"));
        assertThat(kind.encode(r)).doesNotContain("\n");
        assertThat(kind.decode(kind.encode(r))).isEqualTo(r);
        AgentStateRecord pause = new AgentStateRecord("run-2", "ann", AgentActivity.NOT_READY,
                AgentStateCause.FEATURE_CODE, "lunch", null, null, null, Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(kind.decode(kind.encode(pause))).isEqualTo(pause);
        assertThat(kind.key(pause)).isEqualTo("run-2");
        assertThat(kind.name()).isEqualTo("agent-state");
    }

    @Test
    void aLineThatIsNotAChangeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> kind.decode("{\"eventId\":\"x\",\"agent\":\"ann\",\"state\":\"dancing\","
                + "\"cause\":\"system\",\"at\":\"2026-03-02T08:00:00Z\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("DANCING");
        assertThatThrownBy(() -> kind.decode("[1,2]")).isInstanceOf(IOException.class);
    }
}
