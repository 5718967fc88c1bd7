package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.acdserver.flow.Schedule;
import org.junit.jupiter.api.Test;

/** The old inline callback hours, read as a schedule without holidays. */
class InlineHoursTest {

    // 2026-11-23 is a Monday.
    private final Schedule hours = InlineHours.parse("sales-callbacks", ZoneId.of("Europe/Berlin"),
            Map.of("mon", "08:00-12:00,13:00-18:00", "friday", "09:00-12:00"));

    @Test
    void openWithinARangeAndClosedOutside() {
        assertThat(hours.isOpen(Instant.parse("2026-11-23T07:00:00Z"))).isTrue();   // 08:00 local
        assertThat(hours.isOpen(Instant.parse("2026-11-23T11:30:00Z"))).isFalse();  // 12:30, lunch
        assertThat(hours.isOpen(Instant.parse("2026-11-23T17:00:00Z"))).isFalse();  // 18:00, closed
        assertThat(hours.isOpen(Instant.parse("2026-11-24T09:00:00Z"))).isFalse();  // Tuesday
    }

    @Test
    void theNextOpeningIsLaterTodayOrALaterDayOrNextWeek() {
        Instant open = Instant.parse("2026-11-23T08:00:00Z");
        assertThat(hours.nextOpening(open)).isEqualTo(open);
        assertThat(hours.nextOpening(Instant.parse("2026-11-23T11:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-11-23T17:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(hours.nextOpening(Instant.parse("2026-11-27T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
    }

    @Test
    void rangesThatCloseBeforeTheyOpenAreRejected() {
        assertThatThrownBy(() -> InlineHours.parse("q", ZoneId.of("UTC"), Map.of("mon", "18:00-08:00")))
                .hasMessageContaining("closes before it opens");
        assertThatThrownBy(() -> InlineHours.parse("q", ZoneId.of("UTC"), Map.of("mon", "8-6")))
                .hasMessageContaining("not a range");
    }
}
