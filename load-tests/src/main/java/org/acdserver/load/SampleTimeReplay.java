package org.acdserver.load;

import org.openjdk.jmh.util.SampleBuffer;

/**
 * JMH's sample-time estimate of a series of operation times that are all known: the times go, in order, through
 * JMH's own {@link SampleBuffer} on the schedule that JMH's generated sample-time loop (version 1.37) uses, so that
 * its percentiles can be set beside the exact ones of the same operations.
 *
 * <p>The schedule, per iteration: a new buffer; every operation is sampled at first; once more than
 * {@code 20 x iteration milliseconds} samples were taken since the last halving, the buffer is halved and only one
 * operation in twice as many is sampled from then on (a pseudo-random pick, by JMH's linear congruential generator).
 * The iterations' buffers are pooled at the end, as JMH pools them.
 *
 * <p>Why it matters: {@link SampleBuffer#half()} halves every bucket's count but leaves a count of 1 at 1. An
 * operation in the tail is nearly always alone in its bucket (buckets 32-64 ns wide at 20-70 us), so it never
 * decays, while the bulk is halved five times or so per 2 s iteration of a microsecond operation. The tail then
 * weighs several times more in the estimate than it did in the operations, and a p99.9 of 1 us can read as 40 us.
 *
 * <p>An iteration here ends when the operations' own times add up to {@code iterationNanos}; JMH's is wall time, which
 * also covers its loop and clock reads, so a replayed iteration holds slightly more operations than JMH's would.
 */
public final class SampleTimeReplay {

    private final long iterationNanos;
    private final int targetSamples;
    private final SampleBuffer pooled = new SampleBuffer();
    private SampleBuffer iteration = new SampleBuffer();
    private long iterationTime;
    private int rnd;
    private int rndMask;
    private int stride;
    private long samples;

    /** Iterations of {@code iterationMillis} each; {@code seed} stands for JMH's {@code (int) System.nanoTime()}. */
    public SampleTimeReplay(long iterationMillis, int seed) {
        if (iterationMillis <= 0) {
            throw new IllegalArgumentException("iterationMillis must be positive: " + iterationMillis);
        }
        this.iterationNanos = iterationMillis * 1_000_000L;
        this.targetSamples = (int) (iterationMillis * 20);
        this.rnd = seed;
    }

    /** The next operation's time, in nanoseconds. */
    public void add(long nanos) {
        rnd = rnd * 1664525 + 1013904223;
        if ((rnd & rndMask) == 0) {
            iteration.add(nanos);
            samples++;
            if (stride++ > targetSamples) {
                iteration.half();
                stride = 0;
                rndMask = (rndMask << 1) + 1;
            }
        }
        iterationTime += nanos;
        if (iterationTime >= iterationNanos) {
            endIteration();
        }
    }

    /** The estimate's quantile {@code q} (0..1), in nanoseconds, over every iteration so far, the last one too. */
    public double quantile(double q) {
        SampleBuffer all = new SampleBuffer();
        all.addAll(pooled);
        all.addAll(iteration);
        return all.getStatistics(1).getPercentile(q * 100);
    }

    /** How many operations were sampled in all, before any halving. */
    public long samples() {
        return samples;
    }

    private void endIteration() {
        pooled.addAll(iteration);
        iteration = new SampleBuffer();
        iterationTime = 0;
        rndMask = 0;
        stride = 0;
    }
}
