package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.ScalarResult;

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
        Map<String, ScalarResult> results = TailProfiler.results(times).stream()
                .collect(Collectors.toMap(ScalarResult::getLabel, r -> r));
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
