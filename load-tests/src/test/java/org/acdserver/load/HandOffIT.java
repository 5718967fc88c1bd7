package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off tool at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, a
 * real Asterisk sandbox and the server): 3 agents with 6 callers waiting behind them, so that a broken tool, or a
 * freed agent the server does not hand the next caller, fails the build.
 */
class HandOffIT {

    @Test
    void everyFreedAgentIsDialledToAWaitingCaller(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), HandOff.class.getName(), "--agents", "3", "--waiting", "6", "--talk", "6",
                "--interval-ms", "100", "--config", root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        assertThat(lines).as(all).contains("agents 3, callers waiting behind them 6, hand-offs measured 3");
        // Each of the three hand-offs left callers waiting: the first found all six, the last at least four.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .matches("hand-off \\(agent's call ended -> next caller's DialBegin, Asterisk event times\\), "
                        + "3 hand-offs with [3-5] to 5 callers waiting: median .*"));
        // The breakdown: Asterisk saw each agent's device free and read each next Dial from the caller's AGI.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("of which call ended -> agent's device "
                + "NOT_INUSE: ").endsWith("(3 hand-offs with the device event)"));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .startsWith("call ended -> next caller's AGIExecStart(EXEC Dial): median "));
    }
}
