package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out tool at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, two
 * Asterisk sandboxes behind Kamailio and the server): one round of each set-up, a handful of calls, no warm-up, so
 * that a broken tool fails the build the day it breaks. Every call offered must reach the server and be answered,
 * on Asterisk a alone in the first round and on both in the second.
 */
class ScaleOutLoadIT {

    @Test
    void oneRoundOfEachSetUpAnswersEveryCall(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), ScaleOutLoad.class.getName(), "--rate", "2", "--seconds", "3", "--rounds", "1",
                "--warmup", "0", "--agents", "10", "--config", root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("one Asterisk")
                .contains("offered 6, reached the server 6 (a 6, b 0), answered by an agent 6 (100.0%)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("two behind Kamailio")
                .contains("offered 6, reached the server 6").contains("answered by an agent 6 (100.0%)"));
    }
}
