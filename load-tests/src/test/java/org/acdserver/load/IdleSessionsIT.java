package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle-session capacity tool at a smoke size, run through its README command, {@code load-tests/idle-sessions.sh}
 * (its own JVM on {@code benchmarks.jar}, the server in a JVM of its own with the repository's flows and
 * configuration files):
 * 2,000 sessions, so that a configuration the flows outgrew, or a client that no longer speaks the server's commands,
 * fails the build the day it happens. Not fewer: 300 sessions (1.3-1.6 MB) were within the heap's own spread between
 * two full GCs (a base 2 MB higher than usual once made the per-session figure negative), 2,000 (about 12 MB) are
 * not.
 */
class IdleSessionsIT {

    @Test
    void everySessionIsHeldInItsQueueAndMeasured(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        // The README's wrapper itself, so that the script breaking fails the build as the class breaking does.
        Process p = new ProcessBuilder("bash", root.resolve("load-tests/idle-sessions.sh").toString(), "2000", "256m",
                tmp.resolve("work").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("HELD 2000 sessions in queue (0 failed)"));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).contains("\"agiSessions\":2000"));
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("about [1-9][0-9]* bytes of heap per idle "
                + "queued session"));
    }
}
