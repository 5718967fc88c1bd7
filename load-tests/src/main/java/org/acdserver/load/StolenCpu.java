package org.acdserver.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the hypervisor gave to other guests while this virtual machine had work to run ("steal", the eighth
 * figure of {@code /proc/stat}'s {@code cpu} line, in 10 ms ticks, summed over every core). On a shared host it is why
 * two runs of the same load differ: a run that lost a quarter of its cores' time to steal is slower at every step.
 */
public final class StolenCpu {

    private StolenCpu() {
    }

    /** Steal so far, in milliseconds over all cores, or -1 where {@code /proc/stat} cannot be read. */
    public static long millis() {
        try {
            String stat = Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
            return fromStat(stat.substring(0, stat.indexOf('\n')));
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** Steal in milliseconds from {@code /proc/stat}'s first line ({@code cpu user nice system idle ... steal ...}). */
    static long fromStat(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!"cpu".equals(fields[0]) || fields.length < 9) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        return Long.parseLong(fields[8]) * ProcessCpu.MILLIS_PER_TICK;
    }
}
