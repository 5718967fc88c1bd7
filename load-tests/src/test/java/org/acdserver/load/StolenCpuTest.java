package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Steal read from {@code /proc/stat}. */
class StolenCpuTest {

    @Test
    void stealIsTheEighthFigureInTicksOfTenMilliseconds() {
        assertThat(StolenCpu.fromStat("cpu  1104577 5677 430707 14317708 82531 0 30515 102882 0 0"))
                .isEqualTo(1_028_820);
    }

    @Test
    void anotherLineIsRefused() {
        assertThatThrownBy(() -> StolenCpu.fromStat("cpu0 1 2 3 4 5 6 7 8 0 0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisMachinesStealNeverGoesBackwards() {
        long first = StolenCpu.millis();
        assertThat(StolenCpu.millis()).isGreaterThanOrEqualTo(first);
    }
}
