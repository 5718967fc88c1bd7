package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    // Berlin, weekdays 08:00-18:00; Friday 2026-12-25 is a holiday, Thursday 2026-12-24 closes at 12:00.
    private static final List<Schedule.Range> DAY = List.of(Schedule.Range.parse("08:00-18:00"));
    private static final Schedule OFFICE = new Schedule("office", ZoneId.of("Europe/Berlin"),
            Map.of(DayOfWeek.MONDAY, DAY, DayOfWeek.TUESDAY, DAY, DayOfWeek.WEDNESDAY, DAY, DayOfWeek.THURSDAY, DAY,
                    DayOfWeek.FRIDAY, DAY),
            Set.of(LocalDate.parse("2026-12-25")),
            Map.of(LocalDate.parse("2026-12-24"), List.of(Schedule.Range.parse("08:00-12:00"))));

    @Test
    void theNextOpeningSkipsHolidaysWeekendsAndShortenedDays() {
        // Thursday 24th, 13:00 local: closed since 12:00; Friday is a holiday, then the weekend.
        assertThat(OFFICE.nextOpening(Instant.parse("2026-12-24T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-28T07:00:00Z"));
        // Before the opening on the shortened day itself: its own opening.
        assertThat(OFFICE.nextOpening(Instant.parse("2026-12-24T06:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-24T07:00:00Z"));
        Instant open = Instant.parse("2026-12-23T10:00:00Z");
        assertThat(OFFICE.nextOpening(open)).isEqualTo(open);
    }

    @Test
    void alwaysIsOpenAtEveryMomentInUtc() {
        assertThat(Schedule.ALWAYS.isOpen(Instant.parse("2026-12-25T23:59:59.999999999Z"))).isTrue();
        assertThat(Schedule.ALWAYS.nextOpening(Instant.parse("2026-12-25T03:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-25T03:00:00Z"));
        assertThat(Schedule.ALWAYS.zone()).isEqualTo(ZoneId.of("Z"));
    }

    @Test
    void aScheduleThatNeverOpensSaysSoInsteadOfLooping() {
        Schedule closed = new Schedule("closed", ZoneId.of("UTC"), Map.of(), Set.of(), Map.of());
        assertThat(closed.opensEveryWeek()).isFalse();
        assertThat(OFFICE.opensEveryWeek()).isTrue();
        assertThatThrownBy(() -> closed.nextOpening(Instant.parse("2026-01-01T00:00:00Z")))
                .hasMessageContaining("schedule 'closed' does not open");
    }

    @Test
    void rangesAreCheckedWithTheRangeInTheMessage() {
        assertThatThrownBy(() -> Schedule.Range.parse("9-5")).hasMessage("'9-5' is not a range like 08:00-17:30");
        assertThatThrownBy(() -> Schedule.Range.parse("18:00-08:00"))
                .hasMessage("'18:00-08:00' closes before it opens");
        assertThat(Schedule.Range.parse("00:00-24:00").to()).isEqualTo(LocalTime.MAX);
    }
}
