package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The nearest-rank percentile the load tools print, at the sizes their READMEs speak of. */
class NearestRankTest {

    @Test
    void aP99OfFewerThanAHundredIsTheMaximumAndOfTwoHundredTheThirdWorst() {
        List<Long> fifty = LongStream.rangeClosed(1, 50).boxed().toList();
        List<Long> twoHundred = LongStream.rangeClosed(1, 200).boxed().toList();
        assertThat(NearestRank.of(fifty, 0.99)).isEqualTo(50L);
        assertThat(NearestRank.of(twoHundred, 0.99)).isEqualTo(198L);
        assertThat(NearestRank.of(twoHundred, 0.5)).isEqualTo(100L);
        assertThat(NearestRank.of(List.of(7L), 0.5)).isEqualTo(7L);
        assertThat(NearestRank.index(4, 0.0)).isZero();
        assertThat(NearestRank.index(4, 1.0)).isEqualTo(3);
    }
}
