package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report-load tool at a smoke size (two days of 3,000 calls), run as its README command runs it (its own JVM
 * on {@code benchmarks.jar}): the data is generated through the server's sinks and every report adds up.
 */
class ReportLoadIT {

    @Test
    void twoSmallDaysAddUpInEveryReport(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("acd.repoRoot", "."), "load-tests", "target", "benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), ReportLoad.class.getName(), "--days", "2", "--calls-per-day", "3000", "--rounds", "2")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("written: 6000 interaction records"));
        assertThat(lines).filteredOn(l -> l.startsWith("report ")).hasSize(3)
                .allMatch(l -> l.contains("= the records"));
        assertThat(lines).contains("every report adds up to the records written");
    }
}
