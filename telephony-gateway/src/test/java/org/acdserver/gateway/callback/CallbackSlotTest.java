package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acdserver.flow.Schedule;
import org.junit.jupiter.api.Test;

class CallbackSlotTest {

    private static final Instant MONDAY_1030_BERLIN = Instant.parse("2026-11-23T09:30:00Z");
    private final Schedule hours = new Schedule("office", ZoneId.of("Europe/Berlin"),
            Map.of(DayOfWeek.MONDAY, List.of(Schedule.Range.parse("08:00-18:00")),
                    DayOfWeek.TUESDAY, List.of(Schedule.Range.parse("08:00-18:00"))), Set.of(), Map.of());

    @Test
    void oneOrNothingMeansAsSoonAsPossible() {
        assertThat(CallbackSlot.parse("1", MONDAY_1030_BERLIN, hours)).isNull();
        assertThat(CallbackSlot.parse("", MONDAY_1030_BERLIN, hours)).isNull();
    }

    @Test
    void anHourIsTheNextSuchHourInTheQueuesZoneWithinOpeningHours() {
        assertThat(CallbackSlot.parse("14", MONDAY_1030_BERLIN, hours))
                .isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
        // 09:00 has passed today: tomorrow.
        assertThat(CallbackSlot.parse("09", MONDAY_1030_BERLIN, hours))
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        // 20:00 is after closing: the next opening after it, Tuesday 08:00.
        assertThat(CallbackSlot.parse("20#", MONDAY_1030_BERLIN, hours))
                .isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
        assertThat(CallbackSlot.parse("14", MONDAY_1030_BERLIN, Schedule.ALWAYS))
                .isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void keysThatAreNoHourAreRejected() {
        assertThatThrownBy(() -> CallbackSlot.parse("25", MONDAY_1030_BERLIN, hours)).hasMessageContaining("25");
        assertThatThrownBy(() -> CallbackSlot.parse("7", MONDAY_1030_BERLIN, hours)).hasMessageContaining("7");
    }
}
