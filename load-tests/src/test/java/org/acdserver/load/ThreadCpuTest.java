package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** This JVM's CPU by thread group: names without their pool numbers, and what each group used between readings. */
class ThreadCpuTest {

    @Test
    void aPoolsThreadsCountAsOneGroupUnderTheirNameWithoutItsNumbers() {
        assertThat(ThreadCpu.group("acd-io-4-2")).isEqualTo("acd-io");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.group("C2 CompilerThread0")).isEqualTo("C2 CompilerThread");
        assertThat(ThreadCpu.group("acd-routing")).isEqualTo("acd-routing");
        assertThat(ThreadCpu.group("acd-interaction-writer")).isEqualTo("acd-interaction-writer");
        assertThat(ThreadCpu.group("42")).as("a name of numbers alone stays whole").isEqualTo("42");
    }

    @Test
    void theCpuABusyThreadUsesBetweenTwoReadingsIsCountedToItsGroup() throws Exception {
        ThreadCpu before = ThreadCpu.read();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            // Busy until this thread itself has used 50 ms of CPU, however the machine shares its cores.
            long mine = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mine
                    < TimeUnit.MILLISECONDS.toNanos(50)) {
                Math.sqrt(mine);
            }
            done.countDown();
            try {
                // Alive until the second reading is taken: a thread that ended is not in it.
                read.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "busy-7-1");
        busy.setDaemon(true);
        busy.start();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Long> used = ThreadCpu.read().since(before);
        read.countDown();
        assertThat(used.get("busy")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(ThreadCpu.largest(Map.of("busy", 1_500_000_000L, "acd-io", 250_000_000L, "idle", 1L), 2))
                .isEqualTo("busy 1.50 s, acd-io 0.25 s");
    }
}
