package org.acdserver.load.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.acdserver.load.NearestRank;

/**
 * One rung of the ladder on one side: how many callers were placed at what rate, whose key reached the queue it
 * chose, who was put through, their queue waits, and the CPU time Asterisk, the server (with its PostgreSQL) and
 * SIPp spent from the rung's first call until its last call ended.
 *
 * @param side          {@code server} or {@code native}
 * @param rate          calls per second asked of SIPp
 * @param placed        callers placed
 * @param keysRight     callers who reached the queue their key chose
 * @param wrongQueue    callers who reached the other queue
 * @param noQueue       callers who reached no queue (key lost, call failed before the menu)
 * @param answered      callers put through to an agent
 * @param waitsSeconds  queue waits of the answered callers, sorted
 * @param afterAgentMs  for the answered callers, how long each one's line lasted after the agent hung up, in ms,
 *                      sorted: both sides play the same goodbye then, so a side that skips it shows here
 * @param sippFailed    whether SIPp counted failed calls (exit code other than 0)
 * @param asteriskCpuMs Asterisk's CPU time over the rung
 * @param serverCpuMs   the server's JVM (with this tool's manager connection) and its PostgreSQL processes
 * @param sippCpuMs     SIPp's CPU time: the callers' process and, with SIP agents, the phones' one
 * @param agents        the kind of agent both sides reached: {@code local} or {@code sip}
 * @param phonesCpuMs   the SIP phones' SIPp over the rung: part of {@code sippCpuMs} with SIP agents; with Local
 *                      agents in a run of both kinds, what the idle phones cost on the side (not in
 *                      {@code sippCpuMs}); 0 without phones
 * @param phoneAnswers  calls the SIP agents' phones answered; 0 with Local agents
 * @param phonesExited  the phones' SIPp processes that had exited by the rung's end (their phones gone); 0 normally
 * @param loadAverage   the machine's one-minute load average when the rung started and when its last call ended
 */
record RungFigures(String side, double rate, int placed, int keysRight, int wrongQueue, int noQueue, int answered,
                   List<Double> waitsSeconds, List<Double> afterAgentMs, boolean sippFailed, long asteriskCpuMs,
                   long serverCpuMs,
                   long sippCpuMs, String agents, long phonesCpuMs, long phoneAnswers,
                   long phonesExited, String loadAverage) {

    RungFigures {
        waitsSeconds = waitsSeconds.stream().sorted().toList();
        afterAgentMs = afterAgentMs.stream().sorted().toList();
    }

    int failed() {
        return placed - answered;
    }

    double asteriskMsPerCall() {
        return placed == 0 ? 0 : asteriskCpuMs / (double) placed;
    }

    double waitQuantile(double q) {
        if (waitsSeconds.isEmpty()) {
            return Double.NaN;
        }
        return NearestRank.of(waitsSeconds, q);
    }

    /** The median of {@link #afterAgentMs}, or NaN when no answered caller's end was seen. */
    double afterAgentMedianMs() {
        return afterAgentMs.isEmpty() ? Double.NaN : NearestRank.of(afterAgentMs, 0.5);
    }

    /** One line a script can read: {@code key=value} pairs. */
    String line() {
        return String.format(Locale.ROOT, "rung side=%s rate=%s placed=%d keys-right=%d wrong-queue=%d no-queue=%d "
                        + "answered=%d failed=%d wait-median-s=%.2f wait-p90-s=%.2f wait-max-s=%.2f "
                        + "after-agent-median-ms=%.0f "
                        + "asterisk-cpu-ms=%d asterisk-ms-per-call=%.1f server-cpu-ms=%d sipp-cpu-ms=%d sipp-failed=%s "
                        + "agents=%s phones-cpu-ms=%d phones-answered=%d phones-sipp-exited=%d load=%s",
                side, rateText(), placed, keysRight, wrongQueue, noQueue, answered, failed(), waitQuantile(0.5),
                waitQuantile(0.9), waitQuantile(1.0), afterAgentMedianMs(), asteriskCpuMs, asteriskMsPerCall(),
                serverCpuMs, sippCpuMs,
                sippFailed, agents, phonesCpuMs, phoneAnswers, phonesExited,
                loadAverage);
    }

    String rateText() {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    /** The side-by-side table of a whole run: one row per rate, server and native next to each other. */
    static List<String> table(List<RungFigures> server, List<RungFigures> nativeSide) {
        List<String> out = new ArrayList<>();
        out.add("| calls/s | placed | keys right (server / native) | answered (server / native) "
                + "| failed (server / native) | queue wait median, p90 s (server / native) "
                + "| Asterisk CPU ms per call (server / native) | Asterisk CPU s (server / native) "
                + "| server CPU s (server / native) | SIPp CPU s (server / native) "
                + "| caller's line after the agent hung up, median ms (server / native) |");
        out.add("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < Math.min(server.size(), nativeSide.size()); i++) {
            RungFigures s = server.get(i);
            RungFigures n = nativeSide.get(i);
            out.add(String.format(Locale.ROOT, "| %s | %d | %d / %d | %d / %d | %d / %d | %.2f, %.2f / %.2f, %.2f "
                            + "| %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.0f / %.0f |",
                    s.rateText(), s.placed(), s.keysRight(), n.keysRight(), s.answered(), n.answered(), s.failed(),
                    n.failed(), s.waitQuantile(0.5), s.waitQuantile(0.9), n.waitQuantile(0.5), n.waitQuantile(0.9),
                    s.asteriskMsPerCall(), n.asteriskMsPerCall(), s.asteriskCpuMs() / 1000.0,
                    n.asteriskCpuMs() / 1000.0, s.serverCpuMs() / 1000.0, n.serverCpuMs() / 1000.0,
                    s.sippCpuMs() / 1000.0, n.sippCpuMs() / 1000.0, s.afterAgentMedianMs(),
                    n.afterAgentMedianMs()));
        }
        return out;
    }
}
