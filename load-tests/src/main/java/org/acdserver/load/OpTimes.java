package org.acdserver.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Every operation's time in a benchmark's fork, as the benchmark method timed it itself, for {@link TailProfiler}.
 *
 * <p>Why: JMH's sample-time mode keeps only a sample, and its estimate overweights a rare tail (see
 * {@link SampleTimeReplay}). A benchmark method that wraps its operation in {@code System.nanoTime()} and records it
 * here gives the exact distribution of the same operations instead, at three significant digits.
 *
 * <p>One benchmark thread records; the profiler resets and reads between iterations, on JMH's runner thread, which
 * hands the iteration to the benchmark thread and takes its result back through an executor, so each side sees the
 * other's writes. Recording allocates nothing: the histogram covers up to a minute, and a longer time counts as a
 * minute.
 */
public final class OpTimes {

    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);
    private static final Histogram HISTOGRAM = new Histogram(HIGHEST, 3);

    private OpTimes() {
    }

    /** One operation's time, in nanoseconds; called by the benchmark thread only. */
    public static void record(long nanos) {
        HISTOGRAM.recordValue(Math.min(Math.max(nanos, 0), HIGHEST));
    }

    /** Forgets what was recorded; between iterations only. */
    static void reset() {
        HISTOGRAM.reset();
    }

    /** What was recorded since the last reset; between iterations only. */
    static Histogram recorded() {
        return HISTOGRAM;
    }
}
