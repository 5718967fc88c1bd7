package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare-baseline.sh} at a smoke size, run as its README runs it: the baseline is this very commit
 * ({@code HEAD}, which a fresh clone always has), rebuilt from git into relocated packages and run side by side
 * with the current build, two short rounds of one benchmark method. A script whose relocation, compilation or
 * comparison breaks fails the build the day it breaks.
 */
class CompareBaselineIT {

    @Test
    void theBaselineBuildsFromGitAndRunsSideBySideWithTheCurrentBenchmarks(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        assertThat(root.resolve("load-tests/target/benchmarks.jar")).exists();
        Path output = tmp.resolve("out.txt");
        ProcessBuilder script = new ProcessBuilder("bash", root.resolve("load-tests/compare-baseline.sh").toString(),
                "--baseline", "HEAD", "--rounds", "2", "--no-build", "RoutingEngineBenchmark.callCycle",
                "--", "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        // The JMH annotation processor comes from the local Maven repository the build itself uses.
        String repository = System.getProperty("acd.mavenRepository", "");
        if (!repository.isEmpty()) {
            script.environment().put("MAVEN_REPOSITORY", repository);
        }
        Process p = script.start();
        assertThat(p.waitFor(6, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        // Both rounds ran both sides, the second with the current side first.
        assertThat(lines).as(all).contains(
                "# round 1 of 2: RoutingEngineBenchmark.callCycle, baseline side",
                "# round 1 of 2: RoutingEngineBenchmark.callCycle, current side",
                "# round 2 of 2: RoutingEngineBenchmark.callCycle, current side",
                "# round 2 of 2: RoutingEngineBenchmark.callCycle, baseline side");
        assertThat(all.indexOf("# round 2 of 2: RoutingEngineBenchmark.callCycle, current side"))
                .isLessThan(all.indexOf("# round 2 of 2: RoutingEngineBenchmark.callCycle, baseline side"));
        // The summary: each side's mean over its two iterations, and the paired ratio of each round.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("  baseline  mean .* over 2 iterations .*"));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("  current   mean .* over 2 iterations .*"));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .startsWith("  paired    current / baseline per round: "));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("compare-baseline: output kept in "));
    }
}
