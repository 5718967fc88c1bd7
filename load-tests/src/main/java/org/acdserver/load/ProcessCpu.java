package org.acdserver.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * A process's CPU time (user and system) from {@code /proc/<pid>/stat}, in clock ticks of 10 ms: Linux's
 * {@code USER_HZ} is 100 on every architecture the kernel exports to user space.
 */
public final class ProcessCpu {

    /** Linux's {@code USER_HZ} tick, in which {@code /proc} counts CPU time. */
    static final long MILLIS_PER_TICK = 10;

    private ProcessCpu() {
    }

    /** The CPU time {@code pid} has used so far, in milliseconds, or 0 when the process is gone. */
    public static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count fields from its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The CPU time these processes have used so far, in milliseconds; a process that is gone counts 0. */
    public static long millis(Collection<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            total += millis(pid);
        }
        return total;
    }
}
