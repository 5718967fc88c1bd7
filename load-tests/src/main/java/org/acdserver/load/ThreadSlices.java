package org.acdserver.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The scheduler slice of this JVM's threads as Linux reports it ({@code se.slice} of {@code /proc/self/task/<tid>/sched},
 * since 6.12), by thread name without pool numbers: whether the server's event loops and routing thread run with the
 * slice they ask for ({@code schedulerSliceMicros}).
 */
final class ThreadSlices {

    private ThreadSlices() {
    }

    /** The largest slice in nanoseconds per thread group whose name starts with one of {@code prefixes}. */
    static Map<String, Long> of(String... prefixes) {
        Map<String, Long> slices = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException ended) {
                    continue;
                }
                for (String prefix : prefixes) {
                    long slice = name.startsWith(prefix) ? slice(task) : -1;
                    if (slice > 0) {
                        slices.merge(ThreadCpu.group(name), slice, Math::max);
                    }
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return slices;
    }

    /** The calling thread's slice in nanoseconds; -1 where the kernel reports none. */
    static long own() {
        return slice(Path.of("/proc/thread-self"));
    }

    /** "acd-io 100 us, acd-routing 100 us (the kernel's own 1400 us)", or a line saying none is reported. */
    static String line(String... prefixes) {
        Map<String, Long> slices = of(prefixes);
        if (slices.isEmpty()) {
            return "not reported by this kernel";
        }
        return slices.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %d us", e.getKey(), e.getValue() / 1_000))
                .collect(Collectors.joining(", "))
                + String.format(Locale.ROOT, " (a plain thread's: %d us)", own() / 1_000);
    }

    private static long slice(Path task) {
        try {
            for (String l : Files.readAllLines(task.resolve("sched"))) {
                if (l.startsWith("se.slice")) {
                    return Long.parseLong(l.substring(l.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
