package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JMH benchmark of {@code benchmarks.jar} at a smoke size (one fork, no warm-up, one short iteration), run
 * as the README runs them, so that a benchmark that no longer runs fails the build the day it breaks.
 */
class JmhBenchmarksIT {

    @Test
    void everyBenchmarkRunsAndReportsAScore(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Path results = tmp.resolve("results.csv");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms", "-foe", "true",
                "-rf", "csv", "-rff", results.toString())
                .directory(root.toFile()) // the flow benchmark reads config/flows as the README runs it, from the top
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        List<String> rows = Files.readAllLines(results);
        for (String benchmark : List.of(RoutingEngineBenchmark.class.getName(), FlowRunBenchmark.class.getName(),
                MachineTailBenchmark.class.getName())) {
            assertThat(rows).as(benchmark).anyMatch(r -> r.startsWith("\"" + benchmark + "."));
        }
    }
}
