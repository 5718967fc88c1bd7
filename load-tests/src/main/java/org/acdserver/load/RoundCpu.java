package org.acdserver.load;

import java.util.List;
import java.util.Locale;

/**
 * What Asterisk, the server's PostgreSQL, the SIPp phones and callers and this JVM used of the CPU over a span of a run, with the
 * JVM's share split by thread ({@link ThreadCpu}): which of them compete with a hand-off for the machine's cores.
 */
public final class RoundCpu {

    /** Thread groups named in the report, largest first. */
    private static final int THREAD_GROUPS = 8;

    private final long asteriskPid;
    private final PostgresCpu postgres;
    private final List<Long> phonePids;
    private final List<Long> callerPids;
    private final long startNanos = System.nanoTime();
    private final long asterisk0;
    private final long postgres0;
    private final long phones0;
    private final long callers0;
    private final long self0;
    private final ThreadCpu threads0;

    /**
     * Starts the span now.
     *
     * @param postgres  the server's PostgreSQL, or null when there is none to read (no server, or not on this host)
     * @param phonePids the SIPp processes of the phones (they live through the run); empty without SIP phones
     * @param callerPids the SIPp processes of the callers; empty without SIP callers
     */
    public RoundCpu(long asteriskPid, PostgresCpu postgres, List<Long> phonePids, List<Long> callerPids) {
        this.asteriskPid = asteriskPid;
        this.postgres = postgres;
        this.phonePids = List.copyOf(phonePids);
        this.callerPids = List.copyOf(callerPids);
        this.asterisk0 = ProcessCpu.millis(asteriskPid);
        this.postgres0 = postgres == null ? 0 : postgres.millis();
        this.phones0 = ProcessCpu.millis(phonePids);
        this.callers0 = ProcessCpu.millis(callerPids);
        this.self0 = ProcessCpu.millis(ProcessHandle.current().pid());
        this.threads0 = ThreadCpu.read();
    }

    /** The span so far: its length, each process's CPU seconds, and the JVM's largest thread groups. */
    public String report() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String pg = postgres == null ? "" : String.format(Locale.ROOT, ", PostgreSQL %.2f s",
                (postgres.millis() - postgres0) / 1000.0);
        String sipp = phonePids.isEmpty() ? "" : String.format(Locale.ROOT, ", the phones' SIPp %.2f s",
                (ProcessCpu.millis(phonePids) - phones0) / 1000.0);
        String callers = callerPids.isEmpty() ? "" : String.format(Locale.ROOT, ", the callers' SIPp %.2f s",
                (ProcessCpu.millis(callerPids) - callers0) / 1000.0);
        return String.format(Locale.ROOT, "%.1f s: Asterisk %.2f s%s%s%s, this JVM %.2f s; its Java threads (not the "
                        + "JIT's or the GC's): %s", seconds,
                (ProcessCpu.millis(asteriskPid) - asterisk0) / 1000.0, pg, sipp, callers,
                (ProcessCpu.millis(ProcessHandle.current().pid()) - self0) / 1000.0,
                ThreadCpu.largest(ThreadCpu.read().since(threads0), THREAD_GROUPS));
    }
}
