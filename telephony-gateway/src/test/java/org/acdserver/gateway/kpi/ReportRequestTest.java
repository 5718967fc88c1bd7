package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportRequestTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void datesAreMidnightsOfTheZoneAndTimesAreAlignedOutwardsToWholeIntervals() {
        ReportRequest day = ReportRequest.parse("2026-03-02", "2026-03-03", "1d", BERLIN, "", null);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-03-02T23:00:00Z"));
        assertThat(day.queue()).isNull();
        ReportRequest quarter = ReportRequest.parse("2026-03-02T08:07", "2026-03-02T09:01", "15m", BERLIN, "sales",
                "ann");
        assertThat(quarter.from()).isEqualTo(Instant.parse("2026-03-02T07:00:00Z"));
        assertThat(quarter.to()).isEqualTo(Instant.parse("2026-03-02T08:15:00Z"));
        assertThat(quarter.queue()).isEqualTo("sales");
        ReportRequest instants = ReportRequest.parse("2026-03-02T07:00:00Z", "2026-03-02T09:30:00+01:00", "1h",
                BERLIN, null, null);
        assertThat(instants.from()).isEqualTo(Instant.parse("2026-03-02T07:00:00Z"));
        assertThat(instants.to()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    }

    @Test
    void theDayTheClocksGoForwardHas23HoursAndAZoneAnOddQuarterFromUtcHasItsOwnHours() {
        ReportInterval day = ReportInterval.DAY;
        Instant start = day.startOf(Instant.parse("2026-03-29T12:00:00Z"), BERLIN);
        assertThat(Duration.between(start, day.endOf(start, BERLIN))).isEqualTo(Duration.ofHours(23));
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        assertThat(ReportInterval.HOUR.startOf(Instant.parse("2026-03-02T07:20:00Z"), kathmandu))
                .isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
        assertThat(ReportInterval.QUARTER_HOUR.startOf(Instant.parse("2026-03-02T07:29:59Z"), kathmandu))
                .isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> ReportRequest.parse("2026-03-03", "2026-03-02", "1h", BERLIN, null, null))
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> ReportRequest.parse("2026-13-01", "2026-03-02", "1h", BERLIN, null, null))
                .hasMessageContaining("--from '2026-13-01'");
        assertThatThrownBy(() -> ReportRequest.parse("2026-03-01", "2026-03-02", "2h", BERLIN, null, null))
                .hasMessageContaining("'2h' is not one of 15m, 1h, 1d");
        assertThatThrownBy(() -> ReportRequest.parse("2025-01-01", "2026-03-02", "1d", BERLIN, null, null))
                .hasMessageContaining("at most 400 days");
        assertThatThrownBy(() -> ReportRequest.parse(null, "2026-03-02", "1d", BERLIN, null, null))
                .hasMessageContaining("needs --from and --to");
    }
}
