package org.acdserver.load.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one fault's phase did to the callers of the main flow placed during it (the callers of the callback queue are
 * counted in {@link CallbackFigures}).
 *
 * @param fault            the fault
 * @param placed           originates sent
 * @param refused          callers whose originate was refused or not confirmed and whose channel never came up
 *                         (Asterisk was down or restarting)
 * @param offered          callers whose channel came up and entered the dialplan
 * @param answered         offered callers put through to an agent
 * @param fallback         offered callers not put through but handed to {@code acd-fallback}
 * @param callbackPromised offered callers who were neither but heard their callback confirmed
 * @param lost             offered callers with none of these: they hung up unserved, or died with Asterisk
 * @param recordsMissing   answered callers without an interaction record at the end of the run (callers the server
 *                         never saw, sent to the fallback while it was down, have none by nature; a killed server
 *                         cannot write the records of the calls it had in hand)
 * @param outageSeconds    from the fault's start until it was lifted (the server answering again for a kill)
 * @param recoverySeconds  from the fault being lifted until the first caller placed after that was answered; -1 if
 *                         none was
 * @param normalSeconds    the median time from placing to answer of callers placed before the fault
 * @param longestGapSeconds the longest time without any answer from the fault's start to the phase's end
 * @param agentsNotReady   agents not ready once the phase had settled (none should be)
 */
record PhaseFigures(Fault fault, int placed, int refused, int offered, int answered, int fallback,
                    int callbackPromised, int lost, int recordsMissing, double outageSeconds, double recoverySeconds,
                    double normalSeconds, double longestGapSeconds, int agentsNotReady) {

    /** The figures of a phase from its calls' traces and the times the fault began and was lifted (nanoTime). */
    static PhaseFigures of(Fault fault, List<CallLedger.Trace> calls, long began, long lifted, long phaseEnd,
                           Set<String> recorded, int agentsNotReady) {
        int refused = 0;
        int offered = 0;
        int answered = 0;
        int fallback = 0;
        int promised = 0;
        int lost = 0;
        int missing = 0;
        List<Double> normal = new ArrayList<>();
        List<Long> answers = new ArrayList<>();
        long firstAfterLift = Long.MAX_VALUE;
        for (CallLedger.Trace t : calls) {
            if (t.wantsCallback) {
                // The callback queue is kept short of agents on purpose; its callers are counted in CallbackFigures.
                continue;
            }
            if (t.refused && !t.offered()) {
                refused++;
            }
            if (!t.offered()) {
                continue;
            }
            offered++;
            if (t.answered()) {
                answered++;
                if (!recorded.contains(t.id)) {
                    missing++;
                }
                answers.add(t.answeredAt);
                if (t.placedAt < began) {
                    normal.add((t.answeredAt - t.placedAt) / 1e9);
                }
                if (t.placedAt >= lifted && t.answeredAt < firstAfterLift) {
                    firstAfterLift = t.answeredAt;
                }
            } else if (t.toFallback()) {
                fallback++;
            } else if (t.callbackConfirmed()) {
                promised++;
            } else {
                lost++;
            }
        }
        Collections.sort(normal);
        Collections.sort(answers);
        long previous = began;
        long gap = 0;
        for (long a : answers) {
            if (a > began && a <= phaseEnd) {
                gap = Math.max(gap, a - previous);
                previous = a;
            }
        }
        gap = Math.max(gap, phaseEnd - previous);
        int placed = (int) calls.stream().filter(t -> !t.wantsCallback).count();
        return new PhaseFigures(fault, placed, refused, offered, answered, fallback, promised, lost, missing,
                (lifted - began) / 1e9, firstAfterLift == Long.MAX_VALUE ? -1 : (firstAfterLift - lifted) / 1e9,
                normal.isEmpty() ? -1 : normal.get(normal.size() / 2), gap / 1e9, agentsNotReady);
    }

    /**
     * The phase's main-flow callers by when they were placed, in slices of {@code slice} from {@code start}: placed,
     * answered, sent to the fallback and lost in each; shows when service broke and when it came back.
     */
    static String timeline(List<CallLedger.Trace> calls, long start, long slice) {
        TreeMap<Long, int[]> slices = new TreeMap<>();
        for (CallLedger.Trace t : calls) {
            if (t.wantsCallback) {
                continue;
            }
            int[] n = slices.computeIfAbsent(Math.max(0, (t.placedAt - start) / slice), k -> new int[4]);
            n[0]++;
            if (t.answered()) {
                n[1]++;
            } else if (t.toFallback()) {
                n[2]++;
            } else if (t.lost()) {
                n[3]++;
            }
        }
        StringBuilder out = new StringBuilder("  placed at   placed answered fallback  lost\n");
        slices.forEach((k, n) -> out.append(String.format("  %4d-%4d s %6d %8d %8d %5d%n", k * slice / 1_000_000_000L,
                (k + 1) * slice / 1_000_000_000L, n[0], n[1], n[2], n[3])));
        return out.toString();
    }

    static String header() {
        return String.format("%-31s %7s %7s %7s %8s %8s %8s %5s %8s %7s %8s %7s %7s %9s",
                "fault", "placed", "refused", "offered", "answered", "fallback", "callback", "lost",
                "no-record", "outage", "recovery", "normal", "max-gap", "not-ready");
    }

    String row() {
        return String.format("%-31s %7d %7d %7d %8d %8d %8d %5d %8d %6.1fs %7.1fs %6.1fs %6.1fs %9d",
                fault.description(), placed, refused, offered, answered, fallback, callbackPromised, lost,
                recordsMissing, outageSeconds, recoverySeconds, normalSeconds, longestGapSeconds, agentsNotReady);
    }
}
