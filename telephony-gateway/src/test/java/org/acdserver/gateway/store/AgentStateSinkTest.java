package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.junit.jupiter.api.Test;

/** How a closed state's time is split over quarter hours and given to its call's queue. */
class AgentStateSinkTest {

    private static Instant t(String hhmmss) {
        return Instant.parse("2026-03-02T" + hhmmss + "Z");
    }

    @Test
    void timeIsSplitAtQuarterHoursAndACallsTalkGoesToTheQuarterItEnteredTheQueue() {
        Map<List<Object>, AgentStateSink.AgentSum> agents = new LinkedHashMap<>();
        Map<List<Object>, double[]> queues = new LinkedHashMap<>();
        AgentStateRecord talk = new AgentStateRecord("e1", "ann", AgentActivity.ON_CALL, AgentStateCause.SYSTEM, null,
                "c1", "sales", t("08:14:50"), t("08:16:00"));
        AgentStateSink.close(talk, t("08:50:30"), agents, queues);
        assertThat(agents).hasSize(3);
        assertThat(agents.get(List.of("ann", t("08:15:00"), "on_call", "")).seconds).isEqualTo(14 * 60);
        assertThat(agents.get(List.of("ann", t("08:30:00"), "on_call", "")).seconds).isEqualTo(15 * 60);
        assertThat(agents.get(List.of("ann", t("08:45:00"), "on_call", "")).seconds).isEqualTo(5 * 60 + 30);
        assertThat(agents.values().stream().mapToDouble(s -> s.seconds).sum()).isEqualTo(34 * 60 + 30);
        assertThat(queues.get(List.of("sales", t("08:00:00")))).containsExactly(34 * 60 + 30, 0, 0);
    }

    @Test
    void aPauseCountsByItsReasonAndNoTimeMeansNothing() {
        Map<List<Object>, AgentStateSink.AgentSum> agents = new LinkedHashMap<>();
        Map<List<Object>, double[]> queues = new LinkedHashMap<>();
        AgentStateRecord lunch = new AgentStateRecord("e2", "ann", AgentActivity.NOT_READY,
                AgentStateCause.FEATURE_CODE, "lunch", null, null, null, t("12:00:00"));
        AgentStateSink.close(lunch, t("12:00:00"), agents, queues);
        assertThat(agents).isEmpty();
        AgentStateSink.close(lunch, t("12:10:00.500"), agents, queues);
        assertThat(agents).containsOnlyKeys(List.of("ann", t("12:00:00"), "not_ready", "lunch"));
        assertThat(agents.values().iterator().next().seconds).isEqualTo(600.5);
        assertThat(queues).isEmpty();
    }
}
