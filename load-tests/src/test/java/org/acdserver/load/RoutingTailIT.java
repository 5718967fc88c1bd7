package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing-tail tool at a smoke size (200,000 timed rounds after 100,000 untimed), run as its README command runs
 * it (its own JVM on {@code benchmarks.jar}), so that a tool that no longer runs fails the build.
 */
class RoutingTailIT {

    @Test
    void bothTailsArePrintedInOrder(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("acd.repoRoot", "."), "load-tests", "target", "benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-cp", jar.toString(), RoutingTail.class.getName(), "--ops", "200000",
                "--warmup", "100000").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        // Every agent stays busy in the benchmark's steady load, so every cycle ends an agent's call.
        assertThat(lines).as(all).contains("200000 rounds timed after 100000 untimed, 200000 of them ended an agent's "
                + "call; in us, p50 / p99 / p99.9 / p99.99");
        for (String name : List.of("routing cycle: ", "arithmetic:    ")) {
            String line = lines.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow();
            // Four percentiles, each at least the one before, then the count over 20 us.
            String[] parts = line.substring(name.length(), line.indexOf(';')).split(" / ");
            assertThat(parts).as(line).hasSize(4);
            double last = 0;
            for (String part : parts) {
                double v = Double.parseDouble(part);
                assertThat(v).as(line).isPositive().isGreaterThanOrEqualTo(last);
                last = v;
            }
            assertThat(line).as(line).matches(".*; over 20 us: [0-9]+");
        }
        // Then the same times as JMH's sample-time mode estimates them: four percentiles each, in order.
        int estimate = lines.indexOf("the same times as JMH's sample-time mode estimates them (2000 ms iterations):");
        assertThat(estimate).as(all).isPositive();
        assertThat(lines.get(estimate + 1)).as(all).matches("routing cycle: [0-9.]+ / [0-9.]+ / [0-9.]+ / [0-9.]+");
        assertThat(lines.get(estimate + 2)).as(all).matches("arithmetic:    [0-9.]+ / [0-9.]+ / [0-9.]+ / [0-9.]+");
    }
}
