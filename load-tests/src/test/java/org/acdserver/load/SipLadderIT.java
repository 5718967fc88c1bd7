package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acdserver.load.ladder.SipLadder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIP ladder at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, a real
 * Asterisk sandbox, SIPp callers and the server): one rung of 6 callers a side, so that a broken ladder, a broken
 * native dialplan or a lost key fails the build the day it happens.
 */
class SipLadderIT {

    @Test
    void oneRungOnBothSidesPutsEveryCallerThroughToTheQueueTheirKeyChose(@TempDir Path tmp) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), SipLadder.class.getName(), "--rates", "3", "--rung-seconds", "2", "--agents", "6",
                "--hold-seconds", "15", "--config", root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        for (String side : List.of("server", "native")) {
            Map<String, String> rung = rung(lines, side);
            assertThat(rung).as("%s rung in:%n%s", side, all)
                    .containsEntry("placed", "6").containsEntry("keys-right", "6").containsEntry("answered", "6")
                    .containsEntry("failed", "0").containsEntry("sipp-failed", "false");
            assertThat(Long.parseLong(rung.get("asterisk-cpu-ms"))).as("Asterisk CPU read from /proc").isPositive();
            assertThat(Long.parseLong(rung.get("sipp-cpu-ms"))).as("SIPp CPU read from /proc").isPositive();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| 3 | 6 | 6 / 6 | 6 / 6 | 0 / 0 |"));
    }

    private static Map<String, String> rung(List<String> lines, String side) {
        Map<String, String> values = new HashMap<>();
        lines.stream().filter(l -> l.startsWith("rung side=" + side + " ")).findFirst().ifPresent(l -> {
            for (String pair : l.substring("rung ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        });
        return values;
    }
}
