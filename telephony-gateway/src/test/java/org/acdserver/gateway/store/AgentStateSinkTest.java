package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.junit.jupiter.api.Test;

/** How a closed state's time is split over quarter hours and given to its call's queue, and what a change counts. */
class AgentStateSinkTest {

    private static final int TALK = AgentStateSink.COLUMNS.indexOf(AgentActivity.ON_CALL);
    private static final int NOT_READY = AgentStateSink.COLUMNS.indexOf(AgentActivity.NOT_READY);

    private static Instant t(String hhmmss) {
        return Instant.parse("2026-03-02T" + hhmmss + "Z");
    }

    @Test
    void timeIsSplitAtQuarterHoursAndACallsTalkGoesToTheQuarterItEnteredTheQueue() {
        AgentStateSink.Sums sums = new AgentStateSink.Sums();
        AgentStateRecord talk = new AgentStateRecord("e1", "ann", AgentActivity.ON_CALL, AgentStateCause.SYSTEM, null,
                "c1", "sales", t("08:14:50"), t("08:16:00"));
        AgentStateSink.close(talk, t("08:50:30"), sums);
        assertThat(sums.agents).hasSize(3);
        assertThat(sums.agents.get(List.of("ann", t("08:15:00"))).seconds[TALK]).isEqualTo(14 * 60);
        assertThat(sums.agents.get(List.of("ann", t("08:30:00"))).seconds[TALK]).isEqualTo(15 * 60);
        assertThat(sums.agents.get(List.of("ann", t("08:45:00"))).seconds[TALK]).isEqualTo(5 * 60 + 30);
        assertThat(sums.queues.get(List.of("sales", t("08:00:00")))).containsExactly(34 * 60 + 30, 0, 0);
        assertThat(sums.reasons).isEmpty();
    }

    @Test
    void aPauseCountsByItsReasonAndNoTimeMeansNothing() {
        AgentStateSink.Sums sums = new AgentStateSink.Sums();
        AgentStateRecord lunch = new AgentStateRecord("e2", "ann", AgentActivity.NOT_READY,
                AgentStateCause.FEATURE_CODE, "lunch", null, null, null, t("12:00:00"));
        AgentStateSink.close(lunch, t("12:00:00"), sums);
        assertThat(sums.agents).isEmpty();
        AgentStateSink.close(lunch, t("12:10:00.500"), sums);
        assertThat(sums.agents.get(List.of("ann", t("12:00:00"))).seconds[NOT_READY]).isEqualTo(600.5);
        assertThat(sums.reasons.get(List.of("ann", t("12:00:00"), "lunch")).seconds).isEqualTo(600.5);
        assertThat(sums.queues).isEmpty();
    }

    @Test
    void aChangeCountsACallAnsweredAMissedOfferOrAPauseWhereItBegins() {
        AgentStateSink.Sums sums = new AgentStateSink.Sums();
        AgentStateRecord hold = new AgentStateRecord("e3", "ann", AgentActivity.ON_HOLD, AgentStateCause.DESKTOP,
                null, "c1", "sales", t("08:00:00"), t("08:05:00"));
        AgentStateRecord back = new AgentStateRecord("e4", "ann", AgentActivity.ON_CALL, AgentStateCause.DESKTOP,
                null, "c1", "sales", t("08:00:00"), t("08:06:00"));
        AgentStateSink.count(back, hold, sums);
        assertThat(sums.agents).as("a return from hold is no new call").isEmpty();
        AgentStateRecord answered = new AgentStateRecord("e5", "ann", AgentActivity.ON_CALL, AgentStateCause.SYSTEM,
                null, "c2", "sales", t("08:10:00"), t("08:10:05"));
        AgentStateSink.count(answered, null, sums);
        AgentStateRecord missed = new AgentStateRecord("e6", "ann", AgentActivity.NOT_READY,
                AgentStateCause.RING_NO_ANSWER, "no-answer", "c3", "sales", t("08:11:00"), t("08:11:20"));
        AgentStateSink.count(missed, answered, sums);
        AgentStateSink.AgentSum sum = sums.agents.get(List.of("ann", t("08:00:00")));
        assertThat(sum.answered).isEqualTo(1);
        assertThat(sum.missed).isEqualTo(1);
        assertThat(sums.reasons.get(List.of("ann", t("08:00:00"), "no-answer")).entries).isEqualTo(1);
    }
}
