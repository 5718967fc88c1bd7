package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call load tool at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, a
 * real Asterisk sandbox and the server): four callers, two agents, so that a broken tool fails the build the day it
 * breaks.
 */
class CallLoadIT {

    @Test
    void everyCallIsPutThroughRecordedAndItsBridgeTimed(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), CallLoad.class.getName(), "--calls", "4", "--agents", "2", "--interval-ms", "300",
                "--talk", "1", "--config", root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("calls placed 4, recorded 4, answered 4, agents 2");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .startsWith("agent answered -> caller bridged (Asterisk event times), 4 calls"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("queue wait: median"));
    }
}
