package org.acdserver.gateway.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerSliceTest {

    private static final Path SCHED = Path.of("/proc/thread-self/sched");

    /** A field of the kernel's own account of the calling thread, independent of the system call the class reads. */
    private static long sched(String field) throws IOException {
        for (String line : Files.readAllLines(SCHED)) {
            if (line.startsWith(field + " ")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return -1;
    }

    /** What {@code reading} gives on a new thread of {@code threads}. */
    private static <T> T seenOn(ThreadFactory threads, Callable<T> reading) throws Exception {
        CompletableFuture<T> seen = new CompletableFuture<>();
        threads.newThread(() -> {
            try {
                seen.complete(reading.call());
            } catch (Throwable e) {
                seen.completeExceptionally(e);
            }
        }).start();
        return seen.get(10, TimeUnit.SECONDS);
    }

    private static void assumeSlicesReported() throws IOException {
        assumeTrue(Files.isReadable(SCHED) && sched("se.slice") > 0,
                "a Linux scheduler that reports a slice per thread (6.12 or later)");
    }

    /** Threads that first call the C library's {@code function} on themselves. */
    private static ThreadFactory after(String function, Object... args) {
        return r -> new Thread(() -> {
            NativeLibrary.getInstance("c").getFunction(function).invokeInt(args);
            r.run();
        });
    }

    @Test
    void aThreadOfTheFactoryRunsWithTheSliceAskedForAndOthersKeepTheKernels() throws Exception {
        assumeSlicesReported();
        long kernels = seenOn(Thread::new, () -> sched("se.slice"));
        long asked = kernels == 250_000 ? 300_000 : 250_000;

        ThreadFactory sliced = new SchedulerSlice(Duration.ofNanos(asked)).threads(Thread::new);

        assertThat(seenOn(sliced, () -> sched("se.slice"))).as("se.slice in /proc").isEqualTo(asked);
        assertThat(seenOn(sliced, SchedulerSlice::currentNanos)).as("sched_getattr").isEqualTo(asked);
        assertThat(seenOn(Thread::new, () -> sched("se.slice"))).as("a plain thread").isEqualTo(kernels);
        assertThat(seenOn(SchedulerSlice.OFF.threads(Thread::new), () -> sched("se.slice"))).as("slice off")
                .isEqualTo(kernels);
    }

    @Test
    void theThreadKeepsItsNiceValue() throws Exception {
        assumeSlicesReported();
        // setpriority(PRIO_PROCESS, 0, 7): with who = 0, the calling thread alone on Linux.
        ThreadFactory niced = after("setpriority", 0, 0, 7);

        long nice = seenOn(new SchedulerSlice(Duration.ofNanos(200_000)).threads(niced), () -> {
            // The 19th field of the thread's stat line is its nice value.
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        });

        assertThat(nice).isEqualTo(7);
    }

    @Test
    void aBatchThreadStaysBatchAndAnIdleThreadIsLeftAlone() throws Exception {
        assumeSlicesReported();
        long kernels = seenOn(Thread::new, () -> sched("se.slice"));
        SchedulerSlice slice = new SchedulerSlice(Duration.ofNanos(kernels == 250_000 ? 300_000 : 250_000));
        Callable<long[]> policyAndSlice = () -> new long[] {sched("policy"), sched("se.slice")};

        // sched_setscheduler(0, policy, &{priority 0}) on the calling thread: these two need no privilege.
        long[] batch = seenOn(slice.threads(after("sched_setscheduler", 0, 3, new int[] {0})), policyAndSlice);
        long[] idle = seenOn(slice.threads(after("sched_setscheduler", 0, 5, new int[] {0})), policyAndSlice);

        assertThat(batch).as("SCHED_BATCH").containsExactly(3L, slice.nanos());
        // An idle thread's slice is not reported at all (-1 here); in any case it is not the one asked for.
        assertThat(idle[0]).as("SCHED_IDLE's policy").isEqualTo(5L);
        assertThat(idle[1]).as("SCHED_IDLE's slice").isNotEqualTo(slice.nanos());
    }

    @Test
    void aNegativeSliceIsRefused() {
        assertThatThrownBy(() -> new SchedulerSlice(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
