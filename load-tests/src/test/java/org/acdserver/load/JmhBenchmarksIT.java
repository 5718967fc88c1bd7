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
 * as the README runs them, so that a benchmark that no longer runs fails the build the day it breaks; with
 * {@link TailProfiler}, whose exact tail the README reads beside sample-time mode's.
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
                "-prof", TailProfiler.class.getName(), "-rf", "csv", "-rff", results.toString())
                .directory(root.toFile()) // the flow benchmark reads config/flows as the README runs it, from the top
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        List<String> rows = Files.readAllLines(results);
        for (String benchmark : List.of(RoutingEngineBenchmark.class.getName(), FlowRunBenchmark.class.getName(),
                MachineTailBenchmark.class.getName(), AgentCallsBenchmark.class.getName())) {
            assertThat(rows).as(benchmark).anyMatch(r -> r.startsWith("\"" + benchmark + "."));
        }
        // The two methods that time each operation themselves get the profiler's exact tail, from every operation.
        for (String method : List.of(RoutingEngineBenchmark.class.getName() + ".callCycleTail",
                MachineTailBenchmark.class.getName() + ".arithmeticTail")) {
            assertThat(score(rows, method + ":tail.ops")).as(method).isGreaterThan(1_000);
            double p50 = score(rows, method + ":tail.p50");
            double p999 = score(rows, method + ":tail.p99.9");
            assertThat(p50).as(method).isPositive();
            assertThat(p999).as(method).isGreaterThanOrEqualTo(p50);
        }
        // A method that records nothing gets no tail rows.
        assertThat(rows).noneMatch(r -> r.startsWith("\"" + RoutingEngineBenchmark.class.getName()
                + ".callCycleLatency:tail."));
    }

    /** The score column of the CSV row named {@code label}. */
    private static double score(List<String> rows, String label) {
        String row = rows.stream().filter(r -> r.startsWith("\"" + label + "\",")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + String.join("\n", rows)));
        return Double.parseDouble(row.split(",")[4]);
    }
}
