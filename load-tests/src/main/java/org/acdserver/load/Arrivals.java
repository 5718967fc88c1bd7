package org.acdserver.load;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a load tool's callers arrive: {@link #fixed} gaps, or the gaps of a Poisson process ({@link #poisson}) with
 * the same mean.
 *
 * <p>Why Poisson arrivals matter to a comparison with app_queue: a caller waiting in {@code Queue()} looks for a free
 * member on a timer of its own, once a second from the moment it joined, and nothing wakes it sooner. With fixed gaps
 * and fixed talk times every freed agent meets about the same point of its next caller's second, so app_queue's
 * hand-off comes out near one figure that the gap and the host's timing choose, anywhere in the second (see the
 * README's "Poisson arrivals"). Random gaps spread the callers' timers over the second, as real callers would. The
 * server is woken by the agent's hang-up and needs no timer.
 *
 * <p>Fixed gaps sleep from one caller to the next, as the tools always did; Poisson gaps are kept against the start
 * time, so that the mean holds over a run. A Poisson run's gaps are the same for one seed.
 */
final class Arrivals {

    private final long meanNanos;
    private final SplittableRandom random;
    /** When the next caller is due, once the first call has started the clock. */
    private long due;
    private boolean started;

    private Arrivals(long meanNanos, SplittableRandom random) {
        this.meanNanos = meanNanos;
        this.random = random;
    }

    /** Every gap {@code millis} long. */
    static Arrivals fixed(int millis) {
        return new Arrivals(TimeUnit.MILLISECONDS.toNanos(millis), null);
    }

    /** Exponential gaps of mean {@code millis}, drawn from {@code seed}. */
    static Arrivals poisson(int millis, long seed) {
        return new Arrivals(TimeUnit.MILLISECONDS.toNanos(millis), new SplittableRandom(seed));
    }

    /** The next gap in nanoseconds. */
    long nextGapNanos() {
        if (random == null) {
            return meanNanos;
        }
        return (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
    }

    /** Waits for the next arrival: the first call starts the clock. */
    void awaitNext() throws InterruptedException {
        if (random == null) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(meanNanos));
            return;
        }
        if (!started) {
            due = System.nanoTime();
            started = true;
        }
        due += nextGapNanos();
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
