package org.acdserver.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The machine's own tail for one thread handing work to another, for reading the whole-call figures beside it
 * ({@link RingLatency}, {@link HandOff}): how long a parked thread takes to run again after it is unparked, when it
 * has been idle for {@code --idle-ms}, as an event loop or the routing thread is between two calls. A caller's ring
 * crosses several such wake-ups (the server's event loop and routing thread, Asterisk's AGI, manager and channel
 * threads), so a tail here is a floor under every whole-call percentile; it does no work and allocates nothing in
 * the measured part, so the tail is the scheduler's and the hypervisor's, not code's.
 */
@Command(name = "machine-wake-up", mixinStandardHelpOptions = true)
public final class MachineWakeUp implements Callable<Integer> {

    @Option(names = "--wakes", defaultValue = "1000", description = "wake-ups measured")
    int wakes;

    @Option(names = "--idle-ms", defaultValue = "20", description = "time the thread sleeps parked before each")
    int idleMillis;

    @Option(names = "--warmup", defaultValue = "100", description = "wake-ups first, left out of the figures")
    int warmup;

    private volatile long requested;
    private volatile long woken;
    private volatile long wokenAt;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MachineWakeUp()).execute(args));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (wakes < 1 || idleMillis < 0 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--wakes must be at least 1, --idle-ms and --warmup at least 0");
        }
        Thread sleeper = Thread.ofPlatform().daemon().name("wake-up-target").start(() -> {
            long seen = 0;
            while (!Thread.currentThread().isInterrupted()) {
                // A permit given before park() makes it return at once, so no wake-up is missed.
                while (requested == seen) {
                    LockSupport.park(this);
                }
                wokenAt = System.nanoTime();
                seen++;
                woken = seen;
            }
        });
        long[] nanos = new long[wakes];
        try {
            for (int i = -warmup; i < wakes; i++) {
                Thread.sleep(idleMillis);
                long at = System.nanoTime();
                long n = requested + 1;
                requested = n;
                LockSupport.unpark(sleeper);
                while (woken != n) {
                    Thread.onSpinWait();
                }
                if (i >= 0) {
                    nanos[i] = wokenAt - at;
                }
            }
        } finally {
            sleeper.interrupt();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "wake-up of a thread parked %d ms, %d wake-ups: median %.1f us, p90 %.1f us,"
                        + " p99 %.1f us, p99.9 %.1f us, max %.1f us%n", idleMillis, wakes, us(nanos, 0.5),
                us(nanos, 0.9), us(nanos, 0.99), us(nanos, 0.999), nanos[wakes - 1] / 1e3);
        return 0;
    }

    private static double us(long[] sorted, double q) {
        return sorted[NearestRank.index(sorted.length, q)] / 1e3;
    }
}
