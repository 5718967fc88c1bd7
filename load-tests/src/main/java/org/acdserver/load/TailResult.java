package org.acdserver.load;

import java.util.Collection;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;

/**
 * One percentile of every timed operation, as a JMH result that pools: iterations (and threads) are aggregated by
 * adding their histograms and taking the percentile of the sum, as JMH pools its own sample-time buffers, so the
 * run's figure is the percentile of all its measured operations, not an average of the iterations' percentiles.
 */
final class TailResult extends Result<TailResult> {

    private static final long serialVersionUID = 1L;

    private final double percentile;
    private final Histogram times;

    /** Percentile {@code percentile} (0..100) of {@code times}, in microseconds, labelled {@code label}. */
    TailResult(String label, double percentile, Histogram times) {
        super(ResultRole.SECONDARY, label, of(times.getValueAtPercentile(percentile) / 1000.0), "us",
                AggregationPolicy.AVG);
        this.percentile = percentile;
        this.times = times;
    }

    @Override
    protected Aggregator<TailResult> getThreadAggregator() {
        return TailResult::pooled;
    }

    @Override
    protected Aggregator<TailResult> getIterationAggregator() {
        return TailResult::pooled;
    }

    private static TailResult pooled(Collection<TailResult> results) {
        TailResult first = results.iterator().next();
        Histogram all = new Histogram(first.times.getHighestTrackableValue(),
                first.times.getNumberOfSignificantValueDigits());
        for (TailResult r : results) {
            all.add(r.times);
        }
        return new TailResult(first.getLabel(), first.percentile, all);
    }
}
