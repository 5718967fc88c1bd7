package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record-write benchmark at a smoke size, run as its README command runs it (its own JVM on
 * {@code benchmarks.jar}), so that a broken benchmark or a broken jar fails the build the day it breaks.
 */
class RecordWriteBenchmarkIT {

    @Test
    void everyVariantStoresEveryRecordExactlyOnce(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("acd.repoRoot", "."), "load-tests", "target", "benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), RecordWriteBenchmark.class.getName(), "--records", "5000", "--rounds", "1")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        for (String variant : List.of("before", "before-durable", "multi-row", "copy")) {
            assertThat(lines).as(variant).anySatisfy(l -> assertThat(l.trim().split("\\s+"))
                    .startsWith(variant, "1", "5000", "5000"));
        }
        assertThat(lines).contains("every record stored exactly once");
    }
}
