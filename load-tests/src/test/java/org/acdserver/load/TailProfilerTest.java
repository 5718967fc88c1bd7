package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

/** The profiler's results from recorded times: every operation counted once, percentiles at three digits. */
class TailProfilerTest {

    @Test
    void reportsEachPercentileOfEveryOperation() {
        Histogram times = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 9_990; i++) {
            times.recordValue(1_000);
        }
        for (int i = 0; i < 9; i++) {
            times.recordValue(30_000);
        }
        times.recordValue(80_000);
        Map<String, Result<?>> results = TailProfiler.results(times).stream()
                .collect(Collectors.toMap(Result::getLabel, r -> r));
        assertThat(results).containsOnlyKeys("tail.p50", "tail.p99", "tail.p99.9", "tail.p99.99", "tail.ops");
        assertThat(results.get("tail.p50").getScore()).isEqualTo(1.0);
        assertThat(results.get("tail.p99").getScore()).isEqualTo(1.0);
        // 9,990 of 10,000 are at 1 us, so the p99.9 is 1 us; the 10 slow ones are above it.
        assertThat(results.get("tail.p99.9").getScore()).isEqualTo(1.0);
        assertThat(results.get("tail.p99.99").getScore()).isBetween(29.9, 30.1);
        assertThat(results.get("tail.ops").getScore()).isEqualTo(10_000);
        assertThat(results.get("tail.p99.9").getScoreUnit()).isEqualTo("us");
    }

    @Test
    void iterationsArePooledNotAveraged() {
        Histogram quiet = new Histogram(60_000_000_000L, 3);
        quiet.recordValueWithCount(1_000, 1_000);
        Histogram interrupted = new Histogram(60_000_000_000L, 3);
        interrupted.recordValueWithCount(1_000, 998);
        interrupted.recordValueWithCount(50_000, 2);
        TailResult first = new TailResult("tail.p99.9", 99.9, quiet);
        TailResult second = new TailResult("tail.p99.9", 99.9, interrupted);
        assertThat(second.getScore()).isBetween(49.9, 50.1);
        // 2 slow of 2,000 is 0.1 %: the pooled p99.9 is the bulk's, where an average of the two would be 25.5 us.
        TailResult pooled = first.getIterationAggregator().aggregate(List.of(first, second));
        assertThat(pooled.getScore()).isEqualTo(1.0);
        assertThat(pooled.getLabel()).isEqualTo("tail.p99.9");
        assertThat(first.getThreadAggregator().aggregate(List.of(second, second)).getScore()).isBetween(49.9, 50.1);
    }

    @Test
    void aBenchmarkThatRecordsNothingGetsNoResults() {
        assertThat(TailProfiler.results(new Histogram(3))).isEmpty();
    }

    @Test
    void theRecorderIsResetAndReadBetweenIterations() {
        OpTimes.reset();
        OpTimes.record(5_000);
        OpTimes.record(-1); // a clock step backwards counts as 0, not as an error
        assertThat(OpTimes.recorded().getTotalCount()).isEqualTo(2);
        OpTimes.reset();
        assertThat(OpTimes.recorded().getTotalCount()).isZero();
    }
}
