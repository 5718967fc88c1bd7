package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off tool at a smoke size, run as its README command runs it (its own JVM on {@code benchmarks.jar}, a
 * real Asterisk sandbox and the server): 3 agents with 6 callers waiting behind them, arriving at Poisson gaps,
 * through the server and then through native app_queue, so that a broken tool, or a freed agent the server does not
 * hand the next caller, fails the build; with 2 SIP phones (SIPp) as agents, measured in their second round
 * after a warm-up round; and with SIP callers (SIPp) to 2 SIP phones, through the server and then native app_queue.
 */
class HandOffIT {

    private static final String ROUND_CPU_PREFIX = "CPU over the measured round, from its first call's end to its "
            + "last hand-off, [0-9.]+ s: ";
    private static final String JVM_THREADS = "this JVM [0-9.]+ s; its Java threads \\(not the JIT.s or the GC.s\\): "
            + "[^,]+ [0-9.]+ s(, [^,]+ [0-9.]+ s)*";
    /** The server's side: its PostgreSQL found, and the JVM's threads named with their CPU. */
    private static final String ROUND_CPU_WITH_POSTGRES = ROUND_CPU_PREFIX + "Asterisk [0-9.]+ s, PostgreSQL [0-9.]+ "
            + "s, " + JVM_THREADS;
    /** The same with SIP phones: their SIPp processes' CPU too. */
    private static final String ROUND_CPU_WITH_PHONES = ROUND_CPU_PREFIX + "Asterisk [0-9.]+ s, PostgreSQL [0-9.]+ "
            + "s, the phones' SIPp [0-9.]+ s, " + JVM_THREADS;

    @Test
    void everyFreedAgentIsDialledToAWaitingCallerByTheServerAndByNativeAppQueue(@TempDir Path tmp) throws Exception {
        List<String> lines = run(tmp, "--agents", "3", "--waiting", "6", "--talk", "6", "--interval-ms", "100",
                "--side", "both", "--arrivals", "poisson", "--cpu-window", "2");
        String all = String.join("\n", lines);
        assertThat(lines).as(all).containsSubsequence("side server", "side native");
        assertThat(lines).as(all).filteredOn("agents 3, callers waiting behind them 6, hand-offs measured 3"::equals)
                .as("each side measured every agent's hand-off").hasSize(2);
        // The native side's callers pressed their key inside Read() and joined app_queue, every one of them.
        assertThat(lines).as(all).contains("callers placed 9: joined a native queue 9");
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("hand-off median, one run: the server "
                + "[0-9.]+ ms, native app_queue [0-9.]+ ms; native / server [0-9.]+"));
        // Each of the three hand-offs left callers waiting: the first left five of six, the last at least three.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .matches("hand-off \\(agent's call ended -> next caller's DialBegin, Asterisk event times\\), "
                        + "3 hand-offs with [3-5] to 5 callers waiting: median .*"));
        assertThat(breakdown(lines, 3)).as(all).isTrue();
        // By the round's end the server's own metric had timed every offer, from its routing event to the Dial
        // written: one to each agent as the first callers came, and the three hand-offs.
        assertThat(offersTimed(lines)).as(all).isGreaterThanOrEqualTo(6);
        // Both sides read what their waiting callers cost, before the first call ended.
        assertThat(lines).as(all).filteredOn(l -> l.matches("CPU while the callers waited and no call ended "
                + "\\([0-9.]+ s\\): Asterisk [0-9.]+ % of a core, this JVM \\(.*\\) [0-9.]+ %")).hasSize(2);
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("CPU time the host gave to other guests "
                + "\\(steal\\) while callers were placed and handed off: [0-9.]+ s over [0-9]+ cores in [0-9.]+ s"));
        // Each side read the CPU over its measured round; the server's side found its PostgreSQL's processes.
        assertThat(lines).as(all).filteredOn(l -> l.startsWith("CPU over the measured round")).hasSize(2)
                .anySatisfy(l -> assertThat(l).matches(ROUND_CPU_WITH_POSTGRES))
                .anySatisfy(l -> assertThat(l).matches(ROUND_CPU_PREFIX + "Asterisk [0-9.]+ s, this JVM .*"));
        // Three hand-offs make three thirds of one hand-off each.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches("by third of the round, in the order the "
                + "hand-offs came: hand-off median [0-9.]+ / [0-9.]+ / [0-9.]+ ms; Asterisk's Dial .*"));
    }

    @Test
    void sipPhonesAreHandedTheirNextCallerToo(@TempDir Path tmp) throws Exception {
        List<String> lines = run(tmp, "--agent-kind", "sip", "--agents", "2", "--waiting", "3", "--talk", "6",
                "--interval-ms", "100", "--warm-up-rounds", "1", "--scheduler-slice-us", "200",
                "--leg-end-pause-ms", "20");
        String all = String.join("\n", lines);
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("phones: 2 registered in "));
        assertThat(lines).as(all).contains("pause before an ended call's caller goes on: 20 ms");
        // The server's event loops and routing thread run with the slice asked for, where the kernel has slices.
        String slices = "scheduler slice of the server's hand-off threads: ";
        boolean reported = kernelReportsSlices();
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches(reported
                ? slices + "acd-io 200 us, acd-routing 200 us \\(a plain thread's: [0-9]+ us\\)"
                : slices + "not reported by this kernel"));
        // The first round took the two callers placed for it, with the other three behind them.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .matches("warm-up round 1: 2 hand-offs, median [0-9.]+ ms, p90 [0-9.]+ ms, p99 [0-9.]+ ms; server heard "
                        + "-> AGIExecStart median ([0-9.]+|-) ms"));
        // The tool's manager connection read its four events alone: at this size about 120, where every event of
        // the call and agi classes (--watch all) came to about 330.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("events the tool's manager connection "
                + "read: ").satisfies(r -> assertThat(Integer.parseInt(r.substring(r.lastIndexOf(' ') + 1)))
                .isBetween(1, 200)));
        assertThat(lines).as(all).contains("agents 2, callers waiting behind them 3, hand-offs measured 2");
        // The measured round's first hand-off left two of three callers waiting, the second at least one.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l)
                .matches("hand-off \\(agent's call ended -> next caller's DialBegin, Asterisk event times\\), "
                        + "2 hand-offs with [12] to 2 callers waiting: median .*"));
        assertThat(breakdown(lines, 2)).as(all).isTrue();
        // The first two calls, the warm-up round's two hand-offs and the measured round's two.
        assertThat(offersTimed(lines)).as(all).isGreaterThanOrEqualTo(6);
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).matches(ROUND_CPU_WITH_PHONES));
    }

    @Test
    void sipCallersAreHandedToSipPhonesByTheServerAndByNativeAppQueue(@TempDir Path tmp) throws Exception {
        List<String> lines = run(tmp, "--agent-kind", "sip", "--caller-kind", "sip", "--agents", "2", "--waiting",
                "3", "--talk", "8", "--interval-ms", "100", "--side", "both");
        String all = String.join("\n", lines);
        assertThat(lines).as(all).containsSubsequence("side server", "side native");
        // Every SIP caller pressed its key as a telephone-event and reached the queue it chose, on either side.
        assertThat(lines).as(all).anySatisfy(l -> assertThat(l).startsWith("callers placed 5: AGI sessions started 5, "
                + "refused 0, open ").contains("calls queued 5,"));
        assertThat(lines).as(all).contains("callers placed 5: joined a native queue 5");
        assertThat(lines).as(all).filteredOn("agents 2, callers waiting behind them 3, hand-offs measured 2"::equals)
                .as("each side measured every agent's hand-off").hasSize(2);
        assertThat(breakdown(lines, 2)).as(all).isTrue();
        // The round's CPU names the callers' SIPp beside the phones'.
        assertThat(lines).as(all).filteredOn(l -> l.startsWith("CPU over the measured round")).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches(ROUND_CPU_PREFIX + "Asterisk [0-9.]+ s, (PostgreSQL [0-9.]+ "
                        + "s, )?the phones' SIPp [0-9.]+ s, the callers' SIPp [0-9.]+ s, " + JVM_THREADS));
    }

    /** Whether Linux reports a thread's scheduler slice here (6.12 and later). */
    private static boolean kernelReportsSlices() throws IOException {
        Path sched = Path.of("/proc/thread-self/sched");
        return Files.isReadable(sched) && Files.readString(sched).contains("se.slice");
    }

    /** Runs the tool in its own JVM on {@code benchmarks.jar}; its output, once it exited 0. */
    private static List<String> run(Path tmp, String... args) throws Exception {
        Path root = Path.of(System.getProperty("acd.repoRoot", "."));
        Path jar = root.resolve("load-tests/target/benchmarks.jar");
        assertThat(jar).exists();
        Path output = tmp.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", jar.toString(), HandOff.class.getName(), "--config",
                root.resolve("config").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("finished; output in %s", output).isTrue();
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    /** How many offers the server's {@code acd.routing.offer.latency} timed, from the tool's line of its percentiles. */
    private static long offersTimed(List<String> lines) {
        Pattern line = Pattern.compile("server: routing event published -> agent's Dial handed to AGI \\(acd\\.routing"
                + "\\.offer\\.latency\\), over the last minute: p50 [0-9.]+ ms, p90 [0-9.]+ ms, p99 [0-9.]+ ms "
                + "\\(([0-9]+) offers since start\\)");
        return lines.stream().map(line::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                .findFirst().orElse(-1);
    }

    /**
     * Whether the tool printed where the time went: Asterisk saw each of the {@code handOffs} agents' devices free
     * before the next Dial (routing waits for it) and read each next Dial from the caller's AGI, and the server's own
     * connection heard the call's end before that Dial.
     */
    private static boolean breakdown(List<String> lines, int handOffs) {
        return lines.stream().anyMatch(l -> l.startsWith("of which call ended -> agent's device NOT_INUSE: ")
                        && l.endsWith("(" + handOffs + " hand-offs with the device event)"))
                && lines.stream().anyMatch(l -> l.startsWith("call ended -> next caller's AGIExecStart(EXEC Dial): "
                        + "median "))
                && lines.stream().anyMatch(l -> l.matches("server heard the agent's last hang-up -> next caller's "
                        + "AGIExecStart\\(EXEC Dial\\): median .* \\([1-9][0-9]* hand-offs\\)"));
    }
}
