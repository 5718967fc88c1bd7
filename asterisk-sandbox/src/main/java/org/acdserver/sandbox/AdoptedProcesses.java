package org.acdserver.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Processes that tests and tools start beside themselves (SIPp phones and callers, servers in JVMs of their own),
 * stopped together: by their sandbox when it stops, or by {@link #atExit()} when the JVM exits.
 *
 * <p>Stopping asks first and kills after a grace: each process gets SIGTERM, and whatever still runs when the grace
 * is over gets SIGKILL. A server asked first stops its own embedded PostgreSQL; SIPp is killed at once (no grace),
 * because a SIPp asked to quit waits for its calls to end.
 *
 * <p>A process adopted after {@link #close()} is stopped at once. A JVM's shutdown hooks run while its other threads
 * go on, so a test still starting a phone when the hook stops its sandbox would otherwise leave that SIPp running
 * after the JVM is gone. {@link #adopt} adds before it reads the closed flag and {@link #close} sets the flag before
 * it walks the set, so of the two racing calls at least one sees the other's process.
 */
public final class AdoptedProcesses {

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private final Duration grace;
    private volatile boolean closed;

    /** @param grace how long a process asked to stop may take before it is killed; zero kills at once */
    public AdoptedProcesses(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("a grace cannot be negative: " + grace);
        }
        this.grace = grace;
    }

    /**
     * The processes to stop when this JVM exits, even midway through a test (a run stopped by hand ends no
     * try-with-resources): their grace is 10 s.
     */
    public static AdoptedProcesses atExit() {
        return AtExit.ALL;
    }

    /** Keeps {@code process} to stop with the rest; stops it now if these were stopped already. */
    public void adopt(Process process) {
        live.add(process);
        // Processes that ended on their own are let go, so a long test's set does not grow with them.
        live.removeIf(p -> !p.isAlive());
        if (closed) {
            stopAll();
        }
    }

    /** Stops every process adopted, and every one adopted from now on. */
    public void close() {
        closed = true;
        stopAll();
    }

    /**
     * Whether the process {@code pid} still runs, for tests that check that none outlived its stop: a zombie has
     * ended (it only waits for its parent to reap it), and so has a process the table no longer lists.
     */
    public static boolean runs(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // The state follows the command's closing parenthesis (the command may hold any character).
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Processes adopted and still running. */
    int running() {
        return (int) live.stream().filter(Process::isAlive).count();
    }

    private void stopAll() {
        List<Process> stopping = new ArrayList<>();
        for (Process p : live) {
            if (live.remove(p)) {
                stopping.add(p);
            }
        }
        if (grace.isZero()) {
            stopping.forEach(Process::destroyForcibly);
            return;
        }
        stopping.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process p : stopping) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Holds the JVM-wide set, and stops it from a shutdown hook registered on first use. */
    private static final class AtExit {
        static final AdoptedProcesses ALL = new AdoptedProcesses(Duration.ofSeconds(10));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ALL::close, "adopted-processes-stop"));
        }
    }
}
