package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.acdserver.core.WaitEstimate;
import org.junit.jupiter.api.Test;

class PositionAnnouncementTest {

    @Test
    void theFirstInLineHearsSoAndTheWaitInMinutesRoundedUp() {
        assertThat(PositionAnnouncement.of(new WaitEstimate(1, 30, "observed"))).containsExactly(
                "STREAM FILE queue-youarenext", "STREAM FILE queue-holdtime", "SAY NUMBER 1",
                "STREAM FILE queue-minute");
    }

    @Test
    void laterCallersHearHowManyCallsAreAheadOfThem() {
        assertThat(PositionAnnouncement.of(new WaitEstimate(4, 181, "observed"))).containsExactly(
                "STREAM FILE queue-thereare", "SAY NUMBER 3", "STREAM FILE queue-callswaiting",
                "STREAM FILE queue-holdtime", "SAY NUMBER 4", "STREAM FILE queue-minutes");
    }

    @Test
    void withNoAgentStaffedNoWaitIsPromised() {
        assertThat(PositionAnnouncement.of(new WaitEstimate(2, Double.POSITIVE_INFINITY, "no-agents")))
                .containsExactly("STREAM FILE queue-thereare", "SAY NUMBER 1", "STREAM FILE queue-callswaiting");
    }
}
