package org.acdserver.gateway.host;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time slice the server asks Linux's scheduler for on the threads a hand-off crosses: the event loops and the
 * routing thread.
 *
 * <p>How: each such thread, as it starts, calls {@code sched_setattr(0, attr, 0)} on itself, with
 * {@code sched_runtime} set to the slice and its own policy ({@code SCHED_OTHER} or {@code SCHED_BATCH}; a
 * real-time or idle thread is left alone) and nice value kept. Since Linux 6.12 the fair scheduler (EEVDF) takes
 * that as the thread's slice: a thread with a shorter slice gets an earlier virtual deadline each time it wakes, so
 * on a busy machine it runs soon after its wake-up instead of waiting out the slice of a thread already running
 * (1.4 ms by default on 2 cores). Its share of the CPU does not change (nice, and so its weight, are kept), and no
 * privilege is needed. The hand-off wakes three sleeping threads of the server in turn (the manager link's loop, the
 * routing thread, the caller's loop), and on a machine shared with Asterisk each waited 0.3-0.5 ms on average for a
 * core (load-tests README, "Where the server's part goes").
 *
 * <p>Elsewhere (another system, an older kernel, a processor whose system call numbers are not known here) the slice
 * is read back as unchanged; the server says so once in its log and runs on the kernel's own slice.
 */
public final class SchedulerSlice {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerSlice.class);
    /** {@code struct sched_attr} up to {@code sched_period} ({@code SCHED_ATTR_SIZE_VER0}). */
    private static final int ATTR_SIZE = 48;
    private static final int POLICY_OFFSET = 4;
    private static final int NICE_OFFSET = 16;
    private static final int RUNTIME_OFFSET = 24;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;

    /** No slice asked for: the kernel's own. */
    public static final SchedulerSlice OFF = new SchedulerSlice(Duration.ZERO);

    private final long sliceNanos;
    private final AtomicBoolean reported = new AtomicBoolean();

    /** Threads of this slice; {@link Duration#ZERO} leaves them on the kernel's. Linux takes 0.1 to 100 ms. */
    public SchedulerSlice(Duration slice) {
        if (slice.isNegative()) {
            throw new IllegalArgumentException("slice must not be negative: " + slice);
        }
        this.sliceNanos = slice.toNanos();
    }

    /** The slice asked for, in nanoseconds; 0 for the kernel's own. */
    public long nanos() {
        return sliceNanos;
    }

    /** Threads from {@code threads} that set this slice on themselves before they run anything. */
    public ThreadFactory threads(ThreadFactory threads) {
        if (sliceNanos == 0) {
            return threads;
        }
        return task -> threads.newThread(() -> {
            applyToCurrentThread();
            task.run();
        });
    }

    /**
     * Asks for this slice on the calling thread; true when the kernel reports it back. The first thread that cannot
     * have it logs why; later ones are silent.
     */
    public boolean applyToCurrentThread() {
        if (sliceNanos == 0) {
            return false;
        }
        String why;
        try {
            why = Syscalls.forThisMachine() == null ? "no sched_setattr known for " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") : set(sliceNanos);
        } catch (LinkageError | RuntimeException e) {
            why = "no native access: " + e;
        }
        if (why == null) {
            if (reported.compareAndSet(false, true)) {
                LOG.info("event loops and the routing thread run with a scheduler slice of {} us",
                        sliceNanos / 1_000);
            }
            return true;
        }
        if (reported.compareAndSet(false, true)) {
            LOG.info("event loops and the routing thread keep the kernel's own scheduler slice, not {} us: {}",
                    sliceNanos / 1_000, why);
        }
        return false;
    }

    /** The calling thread's slice as the kernel reports it, in nanoseconds; 0 where it reports none. */
    public static long currentNanos() {
        Syscalls calls = Syscalls.forThisMachine();
        if (calls == null) {
            return 0;
        }
        Memory attr = new Memory(ATTR_SIZE);
        return calls.get(attr) == 0 ? attr.getLong(RUNTIME_OFFSET) : 0;
    }

    /** Null when the kernel took the slice, else why not. */
    private static String set(long nanos) {
        Syscalls calls = Syscalls.forThisMachine();
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        if (calls.get(attr) != 0) {
            return "sched_getattr failed, errno " + Native.getLastError();
        }
        // A thread put under another policy (real-time, idle) by whoever runs the server is left as it is.
        int policy = attr.getInt(POLICY_OFFSET);
        if (policy != SCHED_OTHER && policy != SCHED_BATCH) {
            return "the thread runs under scheduling policy " + policy;
        }
        // sched_setattr sets the nice value too: the one just read is written back.
        int nice = attr.getInt(NICE_OFFSET);
        attr.clear();
        attr.setInt(0, ATTR_SIZE);
        attr.setInt(POLICY_OFFSET, policy);
        attr.setInt(NICE_OFFSET, nice);
        attr.setLong(RUNTIME_OFFSET, nanos);
        if (calls.set(attr) != 0) {
            return "sched_setattr failed, errno " + Native.getLastError();
        }
        long now = currentNanos();
        return now == nanos ? null
                : "the kernel reports a slice of " + now + " ns (a slice per thread needs Linux 6.12 or later)";
    }

    /** The two system calls, by this processor's numbers. */
    private record Syscalls(Function syscall, int setattr, int getattr) {

        private static final Syscalls MACHINE = load();

        static Syscalls forThisMachine() {
            return MACHINE;
        }

        private static Syscalls load() {
            if (!System.getProperty("os.name").equals("Linux")) {
                return null;
            }
            int[] numbers = switch (System.getProperty("os.arch")) {
                case "amd64", "x86_64" -> new int[] {314, 315};
                case "aarch64" -> new int[] {274, 275};
                default -> null;
            };
            if (numbers == null) {
                return null;
            }
            Function syscall = NativeLibrary.getInstance("c").getFunction("syscall");
            return new Syscalls(syscall, numbers[0], numbers[1]);
        }

        // syscall(2) reads every argument as a long: ints would leave the registers' upper halves undefined.
        int get(Memory attr) {
            return syscall.invokeInt(new Object[] {(long) getattr, 0L, attr, (long) ATTR_SIZE, 0L});
        }

        int set(Memory attr) {
            return syscall.invokeInt(new Object[] {(long) setattr, 0L, attr, 0L});
        }
    }
}
