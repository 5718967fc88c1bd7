package org.acdserver.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Asterisk instance for tests, the demo and load tests, run by {@code scripts/asterisk-sandbox.sh} from the
 * cached root filesystem, with configuration rendered from {@code config/asterisk/}. Closing it stops Asterisk; a
 * JVM shutdown hook does the same if the JVM exits first.
 */
public final class AsteriskSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskSandbox.class);
    private static final long SCRIPT_TIMEOUT_SECONDS = 600;

    private final Settings settings;
    private final Path script;
    private final Thread shutdownHook;
    private volatile boolean stopped;
    private String logFile = "";

    /**
     * Where the instance listens and how the server reaches it.
     *
     * @param name      instance name; instances with different names run side by side
     * @param amiPort   the manager port on 127.0.0.1
     * @param agiHost   the host the dialplan's {@code AGI()} connects to
     * @param agiPort   the port the dialplan's {@code AGI()} connects to
     * @param amiUser   the manager user
     * @param amiSecret the manager secret; never logged
     */
    public record Settings(String name, int amiPort, String agiHost, int agiPort, String amiUser, String amiSecret) {

        /**
         * A free manager port, a random secret, and the server's default AGI address. {@code ACD_SANDBOX_PREFIX}, when
         * set, is put before the name so that two checkouts on one machine can run the same tests side by side
         * without sharing an instance directory.
         */
        public static Settings defaults(String name) {
            String prefix = System.getenv().getOrDefault("ACD_SANDBOX_PREFIX", "");
            name = prefix + name;
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            return new Settings(name, freePort(), "127.0.0.1", 4573, "acd", HexFormat.of().formatHex(secret));
        }

        public Settings withAgi(String host, int port) {
            return new Settings(name, amiPort, host, port, amiUser, amiSecret);
        }

        @Override
        public String toString() {
            return "Settings[" + name + ", ami 127.0.0.1:" + amiPort + ", agi " + agiHost + ":" + agiPort + "]";
        }
    }

    private AsteriskSandbox(Settings settings, Path script) {
        this.settings = settings;
        this.script = script;
        this.shutdownHook = new Thread(this::stopQuietly, "asterisk-sandbox-" + settings.name() + "-stop");
    }

    /** Provisions (once per machine) and starts an instance, returning when Asterisk is fully booted. */
    public static AsteriskSandbox start(Settings settings) {
        AsteriskSandbox sandbox = new AsteriskSandbox(settings, repoRoot().resolve("scripts/asterisk-sandbox.sh"));
        sandbox.boot();
        Runtime.getRuntime().addShutdownHook(sandbox.shutdownHook);
        return sandbox;
    }

    private void boot() {
        String out = run("start", settings.name(), "--ami-port", Integer.toString(settings.amiPort()),
                "--ami-user", settings.amiUser(), "--ami-secret", settings.amiSecret(),
                "--agi-host", settings.agiHost(), "--agi-port", Integer.toString(settings.agiPort()));
        for (String part : out.trim().split("\\s+")) {
            if (part.startsWith("log=")) {
                logFile = part.substring(4);
            }
        }
        stopped = false;
        LOG.info("Asterisk sandbox {} up: {}", settings.name(), settings);
    }

    public String name() {
        return settings.name();
    }

    public String amiHost() {
        return "127.0.0.1";
    }

    public int amiPort() {
        return settings.amiPort();
    }

    public String amiUser() {
        return settings.amiUser();
    }

    public String amiSecret() {
        return settings.amiSecret();
    }

    /**
     * A manager user, with the same secret, that sees every event ({@code config/asterisk/manager_sim.conf}); the
     * server's own user gets only the events the server uses. Tests that watch calls log in as this one.
     */
    public String amiWatchUser() {
        return settings.amiUser() + "-watch";
    }

    /** Asterisk's own log of this instance. */
    public Path logFile() {
        return Path.of(logFile);
    }

    /** The running Asterisk's process id, for tests that signal it (the script keeps it next to the logs). */
    public long pid() {
        Path file = logFile().getParent().resolveSibling("run/sandbox.pid");
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no process id for Asterisk sandbox " + settings.name() + " in " + file,
                    e);
        }
    }

    /** Runs an Asterisk CLI command and returns its output. */
    public String cli(String command) {
        return run("cli", settings.name(), command);
    }

    public boolean isRunning() {
        try {
            return exec(List.of(script.toString(), "status", settings.name())).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops and starts the instance: every manager and AGI connection to it is cut. */
    public void restart() {
        run("stop", settings.name());
        boot();
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already running the hooks: nothing to remove.
        }
    }

    private void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run("stop", settings.name());
        } catch (RuntimeException e) {
            LOG.warn("stopping Asterisk sandbox {} failed: {}", settings.name(), e.getMessage());
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        try {
            Result r = exec(command);
            if (r.exitCode != 0) {
                throw new IllegalStateException("asterisk-sandbox " + args[0] + " " + settings.name() + " failed ("
                        + r.exitCode + "): " + r.output.trim());
            }
            return r.output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result exec(List<String> command) throws IOException {
        Path out = Files.createTempFile("asterisk-sandbox", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A currently free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** The repository root: system property {@code acd.repoRoot}, else the nearest folder holding the scripts. */
    public static Path repoRoot() {
        String prop = System.getProperty("acd.repoRoot");
        Path p = prop != null && !prop.isBlank() ? Path.of(prop).toAbsolutePath() : Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("scripts/asterisk-sandbox.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find scripts/asterisk-sandbox.sh above " + p
                + "; set -Dacd.repoRoot");
    }
}
