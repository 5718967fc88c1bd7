package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sandbox's SIPp processes: none outlives it, not even one started while it stops. */
class AdoptedProcessesTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void closeDestroysEveryProcessAdopted() throws Exception {
        AdoptedProcesses adopted = new AdoptedProcesses(Duration.ZERO);
        Process a = sleeper();
        Process b = sleeper();
        adopted.adopt(a);
        adopted.adopt(b);
        assertThat(adopted.running()).isEqualTo(2);

        adopted.close();

        assertThat(a.waitFor(5, TimeUnit.SECONDS)).as("first process ended").isTrue();
        assertThat(b.waitFor(5, TimeUnit.SECONDS)).as("second process ended").isTrue();
        assertThat(adopted.running()).isZero();
    }

    @Test
    void aProcessAdoptedAfterCloseIsDestroyedAtOnce() throws Exception {
        AdoptedProcesses adopted = new AdoptedProcesses(Duration.ZERO);
        adopted.close();
        Process late = sleeper();

        adopted.adopt(late);

        assertThat(late.waitFor(5, TimeUnit.SECONDS)).as("a phone started while the sandbox stopped").isTrue();
        assertThat(adopted.running()).isZero();
    }

    @Test
    void processesThatEndedOnTheirOwnAreLetGo() throws Exception {
        AdoptedProcesses adopted = new AdoptedProcesses(Duration.ZERO);
        Process done = new ProcessBuilder("true").start();
        started.add(done);
        done.waitFor(5, TimeUnit.SECONDS);
        adopted.adopt(done);
        Process running = sleeper();
        adopted.adopt(running);

        assertThat(adopted.running()).isEqualTo(1);
        adopted.close();
        assertThat(running.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void noneSurvivesACloseRacingWithAdoptions() throws Exception {
        for (int round = 0; round < 20; round++) {
            AdoptedProcesses adopted = new AdoptedProcesses(Duration.ZERO);
            List<Process> mine = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(sleeper());
            }
            CountDownLatch go = new CountDownLatch(1);
            Thread adopter = new Thread(() -> {
                awaitQuietly(go);
                mine.forEach(adopted::adopt);
            });
            adopter.start();
            go.countDown();
            adopted.close();
            adopter.join(5_000);

            for (Process p : mine) {
                assertThat(p.waitFor(5, TimeUnit.SECONDS)).as("round %d: process %d ended", round, p.pid())
                        .isTrue();
            }
        }
    }

    @Test
    void withAGraceEachProcessIsAskedFirstAndKilledOnlyIfItDoesNotListen() throws Exception {
        AdoptedProcesses adopted = new AdoptedProcesses(Duration.ofSeconds(2));
        // Exits 0 when asked (SIGTERM), as a server stops; a kill would end it with 137.
        Process listens = shell("trap 'exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        Process deaf = shell("trap '' TERM; echo ready; while :; do sleep 0.05; done");
        adopted.adopt(listens);
        adopted.adopt(deaf);

        long started = System.nanoTime();
        adopted.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(listens.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listens.exitValue()).as("the process that listens ended by itself").isZero();
        assertThat(deaf.waitFor(5, TimeUnit.SECONDS)).as("the process that ignores SIGTERM was killed").isTrue();
        assertThat(deaf.exitValue()).isEqualTo(128 + 9);
        assertThat(took).as("the deaf one had its grace first").isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    }

    @Test
    void whatAJvmAdoptedAtExitStopsWhenItExitsWithoutClosingIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitsWithAChild.class.getName()).redirectErrorStream(true).start();
        started.add(jvm);
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(jvm.exitValue()).as(output).isZero();
        long child = Long.parseLong(output.lines().filter(l -> l.startsWith("child ")).findFirst()
                .orElseThrow(() -> new AssertionError("no child named: " + output)).substring(6).trim());

        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !AdoptedProcesses.runs(child));
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts a child that would run for minutes, adopts it at exit, and exits without a word to it. */
    public static final class ExitsWithAChild {
        private ExitsWithAChild() {
        }

        public static void main(String[] args) throws IOException {
            Process child = new ProcessBuilder("sleep", "300").start();
            AdoptedProcesses.atExit().adopt(child);
            System.out.println("child " + child.pid());
            System.out.flush();
            System.exit(0);
        }
    }


    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> new AdoptedProcesses(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    @Test
    void aProcessRunsUntilItEnds() throws Exception {
        Process p = sleeper();
        assertThat(AdoptedProcesses.runs(p.pid())).isTrue();
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        assertThat(AdoptedProcesses.runs(p.pid())).isFalse();
        assertThat(AdoptedProcesses.runs(ProcessHandle.current().pid())).isTrue();
    }

    /** Runs {@code script} once it says "ready" (its trap is set: a signal sent before would find none). */
    private Process shell(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        started.add(p);
        try (BufferedReader out = p.inputReader()) {
            assertThat(out.readLine()).isEqualTo("ready");
        }
        return p;
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        started.add(p);
        return p;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
