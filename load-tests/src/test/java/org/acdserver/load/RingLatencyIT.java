package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring-latency tool at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar},
 * a real Asterisk sandbox and the server), so that a broken tool fails the build the day it breaks. Each caller
 * presses its key 2 s after the answer, inside the menu's one {@code Read} (the greeting lasts 0.8 s): a key at
 * the greeting's end could fall into the gap between the two steps, which no command covers, on a loaded machine.
 */
class RingLatencyIT {

    @Test
    void everyCallWithAFreeAgentIsDialedAndMeasured(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), RingLatency.class.getName(), "--calls", "5", "--agents", "3", "--interval-ms", "300",
                "--warmup", "0", "--key-delay", "2", "--config", root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("calls placed 5, recorded 5, agents 3, dialed 5");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("queue step start -> DialBegin")
                .contains("5 calls"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim())
                .startsWith("of which queue step start -> EXEC Dial start (server)").contains("5 calls"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim())
                .startsWith("of which EXEC Dial start -> DialBegin (Asterisk)").contains("5 calls"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("AGI commands per call"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).startsWith("EXEC Dial").contains("1.00 per call"));
    }
}
