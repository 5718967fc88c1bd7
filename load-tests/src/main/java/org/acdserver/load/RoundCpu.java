package org.acdserver.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What Asterisk, the server's PostgreSQL, the SIPp processes (the phones', the callers') and this JVM used of the CPU
 * over a span of a run, with the JVM's share split by thread ({@link ThreadCpu}): which of them compete with a
 * hand-off for the machine's cores.
 */
public final class RoundCpu {

    /** Thread groups named in the report, largest first. */
    private static final int THREAD_GROUPS = 8;

    /** Processes named together in the report, such as "the phones' SIPp", with their CPU at the span's start. */
    public record Processes(String label, List<Long> pids, long startMillis) {

        /** The processes {@code pids} under {@code label}, their CPU read now. */
        public static Processes of(String label, List<Long> pids) {
            return new Processes(label, List.copyOf(pids), ProcessCpu.millis(pids));
        }

        private String spent() {
            return String.format(Locale.ROOT, ", %s %.2f s", label, (ProcessCpu.millis(pids) - startMillis) / 1000.0);
        }
    }

    private final long asteriskPid;
    private final PostgresCpu postgres;
    private final List<Processes> others;
    private final long startNanos = System.nanoTime();
    private final long asterisk0;
    private final long postgres0;
    private final long self0;
    private final ThreadCpu threads0;

    /**
     * Starts the span now.
     *
     * @param postgres the server's PostgreSQL, or null when there is none to read (no server, or not on this host)
     * @param others   more processes that live through the run, each group named after PostgreSQL in this order;
     *                 a group without processes is left out
     */
    public RoundCpu(long asteriskPid, PostgresCpu postgres, List<Processes> others) {
        this.asteriskPid = asteriskPid;
        this.postgres = postgres;
        this.others = others.stream().filter(p -> !p.pids().isEmpty()).toList();
        this.asterisk0 = ProcessCpu.millis(asteriskPid);
        this.postgres0 = postgres == null ? 0 : postgres.millis();
        this.self0 = ProcessCpu.millis(ProcessHandle.current().pid());
        this.threads0 = ThreadCpu.read();
    }

    /** The span so far: its length, each process's CPU seconds, and the JVM's largest thread groups. */
    public String report() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String pg = postgres == null ? "" : String.format(Locale.ROOT, ", PostgreSQL %.2f s",
                (postgres.millis() - postgres0) / 1000.0);
        return String.format(Locale.ROOT, "%.1f s: Asterisk %.2f s%s%s, this JVM %.2f s; its Java threads (not the "
                        + "JIT's or the GC's): %s", seconds,
                (ProcessCpu.millis(asteriskPid) - asterisk0) / 1000.0, pg,
                others.stream().map(Processes::spent).collect(Collectors.joining()),
                (ProcessCpu.millis(ProcessHandle.current().pid()) - self0) / 1000.0,
                ThreadCpu.largest(ThreadCpu.read().since(threads0), THREAD_GROUPS));
    }
}
