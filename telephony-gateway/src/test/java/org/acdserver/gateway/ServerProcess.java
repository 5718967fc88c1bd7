package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.sandbox.AdoptedProcesses;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code acd-server serve} in a JVM of its own, as an installation runs it, with the process environment minus the
 * variables that would move its data or database away from the defaults.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final String name;

    private ServerProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /** Starts the server on a configuration directory; returns once its health endpoint reports the manager up. */
    public static ServerProcess start(Path configDir, int httpPort, String name, Path log) throws Exception {
        return start(configDir, httpPort, name, log, "\"ami\":true");
    }

    /**
     * Starts a standby server (lease on, another server holding it): it answers on its health endpoint, its manager
     * links still down until it takes over.
     */
    public static ServerProcess startStandby(Path configDir, int httpPort, String name, Path log) throws Exception {
        return start(configDir, httpPort, name, log, "\"ami\":");
    }

    private static ServerProcess start(Path configDir, int httpPort, String name, Path log, String healthy)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: the server is up sooner and its compiler threads take less of a small test machine's CPU; what the
        // server does is the same (a test process runs for seconds, long before C2 would matter).
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"),
                "org.acdserver.gateway.Main", "serve", "--config", configDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.equals("ACD_DATA_DIR") || k.startsWith("ACD_JDBC_"));
        Process p = builder.start();
        // A run stopped midway must not leave the server (and its embedded PostgreSQL) running.
        AdoptedProcesses.atExit().adopt(p);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                assertThat(p.isAlive()).as("server process %s alive; its log: %s", name, log).isTrue();
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body().contains(healthy);
            });
        } catch (ConditionTimeoutException e) {
            // The caller's directory, and this log with it, is usually deleted after the test: say why here.
            printLog(log, 300);
            p.destroyForcibly();
            throw new AssertionError("server process " + name + " not healthy within 120 s (alive: " + p.isAlive()
                    + "); its log: " + digest(log, 25), e);
        }
        return new ServerProcess(p, name);
    }

    /** Prints the last {@code lines} lines of a server's log into a failed test's report (its directory goes). */
    public static void printLog(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            System.out.printf("---- %s (last %d of %d lines)%n", log, Math.min(lines, all.size()), all.size());
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
        } catch (Exception e) {
            System.out.println("---- " + log + ": not readable: " + e);
        }
    }

    /**
     * The lines of a server's log that say what its lease, takeover and errors did, newest {@code max}, on one line:
     * a failed test's summary carries them even where only the end of the build's output is kept.
     */
    public static String digest(Path log, int max) {
        try {
            List<String> lines = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("lease") || l.contains("took over") || l.contains("takeover")
                            || l.contains("passed on") || l.contains("ERROR") || l.contains("WARN")
                            || l.contains("Exception"))
                    .toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - max), lines.size()));
        } catch (Exception e) {
            return log + " not readable: " + e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The process's exit status once it ended within {@code timeout}; -1 while it still runs. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("server process %s killed", name).isTrue();
    }

    /**
     * SIGTERM, as a service manager stops the server; returns once the process has ended by itself, failing if it
     * did not within {@code within} (it is then killed).
     */
    public void terminate(Duration within) throws InterruptedException {
        process.destroy();
        boolean ended = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            kill();
        }
        assertThat(ended).as("server process %s ended within %s of SIGTERM", name, within).isTrue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, so that the server closes in order; SIGKILL if it does not end within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
