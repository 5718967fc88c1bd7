package org.acdserver.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the exact percentiles of every operation a benchmark method timed into
 * {@link OpTimes}: {@code -prof org.acdserver.load.TailProfiler}. Results {@code tail.p50}, {@code tail.p99},
 * {@code tail.p99.9} and {@code tail.p99.99} are in microseconds, of all the measured iterations' operations pooled
 * ({@link TailResult}), as JMH pools its own samples; {@code tail.ops} is how many operations were timed.
 *
 * <p>Why: the p99.9 of JMH's sample-time mode is an estimate that counts a rare tail several times over
 * ({@link SampleTimeReplay} shows how). This one counts each operation once. A benchmark that records nothing gets
 * no results from it.
 */
public final class TailProfiler implements InternalProfiler {

    private static final double[] PERCENTILES = {50, 99, 99.9, 99.99};
    private static final String[] LABELS = {"tail.p50", "tail.p99", "tail.p99.9", "tail.p99.99"};

    @Override
    public String getDescription() {
        return "exact percentiles of every operation the benchmark timed into OpTimes";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        OpTimes.reset();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        return results(OpTimes.recorded());
    }

    /** The profiler's results for one iteration's times, which they keep a copy of. */
    static List<Result<?>> results(Histogram recorded) {
        if (recorded.getTotalCount() == 0) {
            return List.of();
        }
        // One copy shared by the four results: JMH sends an iteration's results to its host process in one piece.
        Histogram times = recorded.copy();
        List<Result<?>> results = new ArrayList<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            results.add(new TailResult(LABELS[i], PERCENTILES[i], times));
        }
        results.add(new ScalarResult("tail.ops", times.getTotalCount(), "ops", AggregationPolicy.SUM));
        return results;
    }
}
