package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.acdserver.load.ladder.SipLadder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIP ladder at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, a real
 * Asterisk sandbox, SIPp callers and the server): one rung of 6 callers a side, with Local agents and then with 6
 * SIP phones (two SIPp processes, of 4 and 2 phones) in the same run, so that a broken ladder, a broken native
 * dialplan, a phone that does not register or answer, a lost key, or a native side that skips the goodbye fails
 * the build the day it happens.
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
                "--hold-seconds", "15", "--agent-kind", "local,sip", "--phones-per-sipp", "4", "--config",
                root.resolve("config").toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        String all = String.join("\n", lines);
        assertThat(p.exitValue()).as(all).isZero();
        for (String side : List.of("server", "native")) {
            Map<String, String> rung = rung(lines, side, "local");
            assertThat(rung).as("%s rung in:%n%s", side, all)
                    .containsEntry("placed", "6").containsEntry("keys-right", "6").containsEntry("answered", "6")
                    .containsEntry("failed", "0").containsEntry("sipp-failed", "false");
            assertThat(Long.parseLong(rung.get("asterisk-cpu-ms"))).as("Asterisk CPU read from /proc").isPositive();
            assertThat(Long.parseLong(rung.get("sipp-cpu-ms"))).as("SIPp CPU read from /proc").isPositive();
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| 3 | 6 | 6 / 6 | 6 / 6 | 0 / 0 |"));
        for (String side : List.of("server", "native")) {
            Map<String, String> rung = rung(lines, side, "sip");
            // The phones' own log counts the answers: the agents who took the calls were the SIP phones.
            assertThat(rung).as("%s rung with SIP phones in:%n%s", side, all)
                    .containsEntry("placed", "6").containsEntry("keys-right", "6").containsEntry("answered", "6")
                    .containsEntry("failed", "0").containsEntry("sipp-failed", "false")
                    .containsEntry("phones-answered", "6").containsEntry("phones-sipp-exited", "0");
            assertThat(Long.parseLong(rung.get("phones-cpu-ms"))).as("the phones' SIPp CPU read from /proc")
                    .isPositive();
        }
        assertThat(lines).as("the phones' SIPp processes").anySatisfy(l -> assertThat(l)
                .matches("phones: 6 registered in [0-9]+ ms by SIPp pids \\[[0-9]+, [0-9]+\\]"));
        for (String side : List.of("server", "native")) {
            assertThat(rung(lines, side, "local")).as("no phone answers a Local agent's call on the %s side", side)
                    .containsEntry("phones-answered", "0");
        }
        for (String agents : List.of("local", "sip")) {
            // Both sides do the same work after the agent hangs up: the goodbye (vm-goodbye, 0.9 s), then hang up.
            // A native dialplan whose Queue() hangs up the caller with the agent would cost Asterisk less and win
            // the CPU comparison unfairly.
            double server = Double.parseDouble(rung(lines, "server", agents).get("after-agent-median-ms"));
            double nativeSide = Double.parseDouble(rung(lines, "native", agents).get("after-agent-median-ms"));
            assertThat(nativeSide).as("native caller's line after a %s agent hung up, ms, in:%n%s", agents, all)
                    .isGreaterThan(500).isCloseTo(server, Offset.offset(250.0));
        }
        for (String agents : List.of("local", "sip")) {
            int heading = lines.indexOf("agents: " + agents);
            assertThat(heading).as("table of the %s agents in:%n%s", agents, all).isNotNegative();
            assertThat(lines.get(heading + 3)).as("%s agents' row", agents)
                    .startsWith("| 3 | 6 | 6 / 6 | 6 / 6 | 0 / 0 |");
        }
    }

    private static Map<String, String> rung(List<String> lines, String side, String agents) {
        Map<String, String> values = new HashMap<>();
        lines.stream().filter(l -> l.startsWith("rung side=" + side + " ") && l.contains(" agents=" + agents + " "))
                .findFirst().ifPresent(l -> {
            for (String pair : l.substring("rung ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        });
        return values;
    }
}
