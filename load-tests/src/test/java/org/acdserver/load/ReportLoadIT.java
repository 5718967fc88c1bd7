package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report-load tool at a smoke size (two days of 3,000 calls), run through its README command,
 * {@code load-tests/report-load.sh} (its own JVM on {@code benchmarks.jar}): the data is generated through the
 * server's sinks and every report adds up.
 */
class ReportLoadIT {

    @Test
    void twoSmallDaysAddUpInEveryReport(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        assertThat(root.resolve("load-tests/target/benchmarks.jar")).exists();
        Path output = tmp.resolve("out.txt");
        // The README's wrapper itself, so that the script breaking fails the build as the class breaking does.
        Process p = new ProcessBuilder("bash", root.resolve("load-tests/report-load.sh").toString(), "2", "3000", "2")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("written: 6000 interaction records"));
        assertThat(lines).filteredOn(l -> l.startsWith("report ")).hasSize(3)
                .allMatch(l -> l.contains("= the records"));
        assertThat(lines).contains("every report adds up to the records written");
    }
}
