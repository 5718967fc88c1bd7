package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The medians of a round's thirds, in the order the values came. */
class RoundThirdsTest {

    @Test
    void eachThirdHasItsOwnMedianInTheOrderTheValuesCame() {
        // A round that slows down: the thirds show it where the whole round's median (5) would not.
        List<Long> round = List.of(3L, 1L, 2L, 5L, 6L, 4L, 9L, 7L, 8L);
        assertThat(RoundThirds.medians(round)).containsExactly(2L, 5L, 8L);
    }

    @Test
    void theLastThirdTakesTheRestAndFewerThanThreeValuesHaveNoThirds() {
        // 7 values split 2 / 2 / 3: the last third is {10, 30, 20}, median 20.
        assertThat(RoundThirds.medians(List.of(1L, 2L, 3L, 4L, 10L, 30L, 20L))).containsExactly(1L, 3L, 20L);
        assertThat(RoundThirds.medians(List.of(5L, 6L, 7L))).containsExactly(5L, 6L, 7L);
        assertThat(RoundThirds.medians(List.of(5L, 6L))).isEmpty();
    }
}
