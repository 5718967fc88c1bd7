package org.acdserver.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CPU time this JVM's threads have used, added up by name with the numbers that tell a pool's threads apart left
 * off ({@code acd-io-4-1} and {@code acd-io-4-2} count as {@code acd-io}), so that two readings show which of the
 * server's jobs took the CPU in between. A thread that ended in between is missing from the later reading.
 */
public final class ThreadCpu {

    /** The numbered tail of a pool thread's name: "-4-2", "#1", " 3". */
    private static final Pattern NUMBERED = Pattern.compile("([-#_ ]?\\d+)+$");

    private final Map<Long, Reading> byThread;

    private record Reading(String group, long nanos) {
    }

    private ThreadCpu(Map<Long, Reading> byThread) {
        this.byThread = byThread;
    }

    /** This JVM's threads' CPU time now. */
    public static ThreadCpu read() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Reading> now = new HashMap<>();
        for (ThreadInfo t : threads.dumpAllThreads(false, false, 0)) {
            long nanos = threads.getThreadCpuTime(t.getThreadId());
            if (nanos >= 0) {
                now.put(t.getThreadId(), new Reading(group(t.getThreadName()), nanos));
            }
        }
        return new ThreadCpu(now);
    }

    /** A thread's name without its pool numbers. */
    static String group(String threadName) {
        String g = NUMBERED.matcher(threadName).replaceFirst("");
        return g.isEmpty() ? threadName : g;
    }

    /** CPU time per group of names used between {@code earlier} and this reading, in nanoseconds. */
    public Map<String, Long> since(ThreadCpu earlier) {
        Map<String, Long> used = new HashMap<>();
        byThread.forEach((id, r) -> {
            Reading before = earlier.byThread.get(id);
            long delta = r.nanos() - (before == null ? 0 : before.nanos());
            if (delta > 0) {
                used.merge(r.group(), delta, Long::sum);
            }
        });
        return used;
    }

    /** The {@code top} groups that used the most, largest first: "acd-io 0.45 s, acd-routing 0.12 s". */
    public static String largest(Map<String, Long> used, int top) {
        return used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 1e9))
                .collect(Collectors.joining(", "));
    }
}
