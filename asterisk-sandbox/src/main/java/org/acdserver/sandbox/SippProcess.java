package org.acdserver.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One SIPp process inside a sandbox's root filesystem, on loopback ports of its own: the scenario files are the
 * instance's copies of {@code config/sipp/}, and its injection file, log and errors live in the instance's
 * {@code sipp/} directory under a name of its own. Nothing here waits a fixed time: callers wait on the process or
 * on a line in its log.
 */
final class SippProcess implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();
    /** Ports tried before giving up on a SIPp that cannot bind its SIP port. */
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private final AsteriskSandbox sandbox;
    private final String name;
    private final Process process;
    private final List<Path> files;
    private final int sipPort;

    private SippProcess(AsteriskSandbox sandbox, String name, Process process, List<Path> files, int sipPort) {
        this.sandbox = sandbox;
        this.name = name;
        this.process = process;
        this.files = files;
        this.sipPort = sipPort;
    }

    /**
     * Starts SIPp against the sandbox's SIP port on a port from {@code sipPorts}, and returns once it holds that
     * port. A port found free can be taken before SIPp binds it (by another process, or by the next SIPp started
     * here); SIPp then exits with "Unable to bind main socket", and this tries the next port from
     * {@code sipPorts}, {@value #PORT_ATTEMPTS} at most. Returning only once the port is bound also keeps the
     * next port picked here off this one.
     */
    static SippProcess startBound(AsteriskSandbox sandbox, int remotePort, String tag, String scenario,
                                  List<String> injection, List<String> options, IntSupplier sipPorts) {
        for (int attempt = 1; ; attempt++) {
            SippProcess sipp = start(sandbox, remotePort, tag, scenario, injection, options, sipPorts.getAsInt());
            if (sipp.awaitBound(BIND_TIMEOUT) || !sipp.errors().contains("Unable to bind")
                    || attempt == PORT_ATTEMPTS) {
                return sipp;
            }
            sipp.close();
        }
    }

    /** {@link #startBound} against the sandbox's SIP port. */
    static SippProcess startBound(AsteriskSandbox sandbox, String tag, String scenario, List<String> injection,
                                  List<String> options, IntSupplier sipPorts) {
        return startBound(sandbox, sandbox.sipPort(), tag, scenario, injection, options, sipPorts);
    }

    /**
     * Waits until SIPp holds its SIP port; false if it exits first (its errors say why) or does not bind within
     * {@code timeout}. Where the kernel's socket tables cannot be read there is nothing to wait on: it returns true
     * at once, no other port is tried, and a port that was taken shows in SIPp's errors when its caller waits on it.
     */
    private boolean awaitBound(Duration timeout) {
        // A read of the kernel's socket table: SIPp binds within milliseconds of its start.
        return !LoopbackUdpPorts.readable()
                || pollUntil(() -> LoopbackUdpPorts.heldBy(process.pid(), sipPort), timeout, 5);
    }

    /**
     * Polls {@code done} every {@code everyMillis}: true once it holds; false once SIPp has exited without it, or
     * after {@code timeout}. It is asked once more after SIPp is seen gone, for what SIPp did just before exiting.
     */
    private boolean pollUntil(BooleanSupplier done, Duration timeout, long everyMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive();
            if (done.getAsBoolean()) {
                return true;
            }
            if (!alive || System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for SIPp " + name, e);
            }
        }
    }

    /**
     * Starts SIPp against the sandbox's SIP port.
     *
     * @param tag       names the files (a phone's user, "callers"); a number is added
     * @param scenario  the main scenario file of {@code config/sipp/}
     * @param injection the lines of the injection file (-inf), without its header; may hold passwords, so the file
     *                  is readable by its owner only
     * @param options   further options (-oocsf, -s, -m, -set ...); file names of {@code config/sipp/} are given as
     *                  {@link #scenario(AsteriskSandbox, String)}
     * @param sipPort   the local SIP port
     */
    static SippProcess start(AsteriskSandbox sandbox, String tag, String scenario, List<String> injection,
                             List<String> options, int sipPort) {
        return start(sandbox, sandbox.sipPort(), tag, scenario, injection, options, sipPort);
    }

    /** Starts SIPp against another SIP port on 127.0.0.1 (Kamailio's, in front of several sandboxes). */
    static SippProcess start(AsteriskSandbox sandbox, int remotePort, String tag, String scenario,
                             List<String> injection, List<String> options, int sipPort) {
        String name = tag + "-" + IDS.incrementAndGet();
        String dir = sandbox.instanceDirectory() + "/sipp/";
        Path csv = sandbox.onHost(dir + name + ".csv");
        Path log = sandbox.onHost(dir + name + ".log");
        Path errors = sandbox.onHost(dir + name + ".errors");
        try {
            Files.deleteIfExists(csv);
            Files.createFile(csv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(csv, "SEQUENTIAL\n" + String.join("\n", injection) + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("chroot", sandbox.rootFilesystem().toString(), "sipp",
                    "127.0.0.1:" + remotePort, "-sf", scenario(sandbox, scenario),
                    "-inf", dir + name + ".csv", "-p", Integer.toString(sipPort),
                    "-mp", Integer.toString(AsteriskSandbox.freeMediaPorts()),
                    "-i", "127.0.0.1", "-mi", "127.0.0.1", "-nostdin",
                    "-trace_logs", "-log_file", dir + name + ".log",
                    "-trace_err", "-error_file", dir + name + ".errors"));
            command.addAll(options);
            // SIPp's screen goes nowhere: what matters is in the log and the errors file.
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sandbox.adopt(p);
            return new SippProcess(sandbox, name, p, List.of(csv, log, errors), sipPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start SIPp " + name + " for Asterisk sandbox " + sandbox.name(), e);
        }
    }

    /** A scenario file of {@code config/sipp/} as SIPp sees it inside the root filesystem. */
    static String scenario(AsteriskSandbox sandbox, String file) {
        return sandbox.instanceDirectory() + "/sipp/" + file;
    }

    String name() {
        return name;
    }

    /** The local SIP port SIPp was started on. */
    int sipPort() {
        return sipPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the scenario's {@code <log>} actions wrote so far. */
    String log() {
        return read(files.get(1));
    }

    /** SIPp's errors so far, for failure messages; the notes on every out-of-call message (each qualify) left out. */
    String errors() {
        String e = String.join("\n", read(files.get(2)).lines()
                .filter(l -> !l.contains("using the out-of-call scenario")).toList());
        return e.length() > 2_000 ? "..." + e.substring(e.length() - 2_000) : e;
    }

    /**
     * Waits until the log holds {@code line}; fails at once if SIPp exits first, and after {@code timeout} otherwise.
     */
    void awaitLog(String line, Duration timeout) {
        // A poll of a local file: SIPp writes the line as the event happens.
        if (!pollUntil(() -> log().contains(line), timeout, 10)) {
            throw new IllegalStateException(process.isAlive()
                    ? "SIPp " + name + " did not log '" + line + "' within " + timeout + ": " + errors()
                    : "SIPp " + name + " exited (" + process.exitValue() + ") before '" + line + "': " + errors());
        }
    }

    /** Waits for SIPp to exit and returns its exit code (0: every call succeeded), or -1 after the timeout. */
    int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: SIPp vanishes without a word, as a phone that loses power or network. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        kill();
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // The instance directory goes with the next start of the sandbox anyway.
            }
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "SIPp " + name + " on Asterisk sandbox " + sandbox.name();
    }
}
