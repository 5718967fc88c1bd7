package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Fixed and Poisson arrivals: their gaps, their seed, and their schedule against the start time. */
class ArrivalsTest {

    private static final long MEAN = TimeUnit.MILLISECONDS.toNanos(40);

    @Test
    void fixedGapsAreAllTheInterval() {
        Arrivals a = Arrivals.fixed(40);
        assertThat(LongStream.generate(a::nextGapNanos).limit(100)).containsOnly(MEAN);
    }

    @Test
    void poissonGapsHaveTheMeanAndSpreadOfAnExponential() {
        Arrivals a = Arrivals.poisson(40, 7);
        long[] gaps = LongStream.generate(a::nextGapNanos).limit(20_000).toArray();
        double mean = LongStream.of(gaps).average().orElseThrow();
        assertThat(mean).isBetween(0.97 * MEAN, 1.03 * MEAN);
        // An exponential's share of gaps under its mean is 1 - 1/e (63.2 %).
        double underMean = LongStream.of(gaps).filter(g -> g < MEAN).count() / (double) gaps.length;
        assertThat(underMean).isBetween(0.62, 0.645);
        assertThat(LongStream.of(gaps).min().orElseThrow()).isNotNegative();
    }

    @Test
    void oneSeedGivesTheSameGapsAndAnotherDoesNot() {
        Arrivals a = Arrivals.poisson(40, 3);
        Arrivals b = Arrivals.poisson(40, 3);
        Arrivals c = Arrivals.poisson(40, 4);
        long[] first = LongStream.generate(a::nextGapNanos).limit(50).toArray();
        assertThat(LongStream.generate(b::nextGapNanos).limit(50).toArray()).isEqualTo(first);
        assertThat(LongStream.generate(c::nextGapNanos).limit(50).toArray()).isNotEqualTo(first);
    }

    @Test
    void poissonArrivalsKeepTheirMeanAgainstTheStartTime() throws InterruptedException {
        Arrivals a = Arrivals.poisson(2, 11);
        Arrivals same = Arrivals.poisson(2, 11);
        long planned = LongStream.generate(same::nextGapNanos).limit(200).sum();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            a.awaitNext();
        }
        long took = System.nanoTime() - start;
        // Never early; late by no more than one scheduling delay, not one per arrival.
        assertThat(took).isGreaterThanOrEqualTo(planned).isLessThan(planned + TimeUnit.MILLISECONDS.toNanos(100));
    }
}
