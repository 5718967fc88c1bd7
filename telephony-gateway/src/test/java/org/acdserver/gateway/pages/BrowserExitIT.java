package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.acdserver.sandbox.AdoptedProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A test JVM that exits with a browser open (a run stopped midway) leaves no Chromium or driver behind.
 */
class BrowserExitIT {

    private static final String PIDS = "browser processes: ";

    private List<Long> pids = List.of();

    @AfterEach
    void killWhatOutlivedTheJvm() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aBrowserLeftOpenIsQuitWhenTheJvmExits() throws Exception {
        Path out = Files.createTempFile("browser-exit", ".out");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process jvm = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), LeftOpen.class.getName())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).as("the JVM with a browser open exited").isTrue();
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(jvm.exitValue()).as(output).isZero();
            pids = output.lines().filter(l -> l.startsWith(PIDS)).findFirst()
                    .map(l -> Arrays.stream(l.substring(PIDS.length()).trim().split(" ")).map(Long::parseLong)
                            .toList())
                    .orElseThrow(() -> new AssertionError("the JVM named no browser processes: " + output));
            // The driver and Chromium at least: otherwise the check below proves nothing.
            assertThat(pids).as(output).hasSizeGreaterThanOrEqualTo(2);

            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(running(pids)).as("browser processes still running").isEmpty());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The processes of {@code pids} that still run, with their commands. */
    private static List<String> running(List<Long> pids) {
        return pids.stream().filter(AdoptedProcesses::runs).map(pid -> pid + " "
                + ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("?")).collect(Collectors.toList());
    }


    /** Opens a browser, names its processes, and exits without closing it. */
    public static final class LeftOpen {

        private LeftOpen() {
        }

        public static void main(String[] args) throws Exception {
            Browser browser = Browser.headless();
            browser.open("about:blank");
            System.out.println(PIDS + ProcessHandle.current().descendants().map(p -> Long.toString(p.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.flush();
            System.exit(0);
        }
    }
}
