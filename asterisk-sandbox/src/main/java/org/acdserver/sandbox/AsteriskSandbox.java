package org.acdserver.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Asterisk instance for tests, the demo and load tests, run by {@code scripts/asterisk-sandbox.sh} from the
 * cached root filesystem, with configuration rendered from {@code config/asterisk/}. Closing it stops Asterisk and
 * the SIPp phones and callers started for it; a JVM shutdown hook does the same if the JVM exits first.
 *
 * <p>Agents' SIP phones ({@link Settings#withPhones}) get PJSIP endpoints from {@link PjsipSections}; Asterisk takes
 * SIP on a loopback UDP port of its own ({@link #sipPort()}). SIPp runs inside the root filesystem, which holds it,
 * with the scenarios of {@code config/sipp/} copied to the instance ({@link SipPhone}, {@link SipCallers}).
 */
public final class AsteriskSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskSandbox.class);
    private static final long SCRIPT_TIMEOUT_SECONDS = 600;

    private final Settings settings;
    private final Path script;
    private final Thread shutdownHook;
    // No grace: a SIPp asked to quit waits for its calls to end.
    private final AdoptedProcesses sippProcesses = new AdoptedProcesses(Duration.ZERO);
    private volatile boolean stopped;
    private String logFile = "";
    private Path rootFilesystem;
    private String instanceDirectory = "";

    /**
     * Where the instance listens and how the server reaches it.
     *
     * @param name      instance name; instances with different names run side by side
     * @param amiPort   the manager port on 127.0.0.1
     * @param agiHost   the host the dialplan's {@code AGI()} connects to
     * @param agiPort   the port the dialplan's {@code AGI()} connects to
     * @param amiUser   the manager user
     * @param amiSecret the manager secret; never logged
     * @param sipPort   the UDP port on 127.0.0.1 where agents' phones register and SIP callers call
     * @param phones    agents' phones that get PJSIP endpoints
     * @param qualifySeconds how often Asterisk asks each phone for OPTIONS
     * @param systemName Asterisk's {@code systemname}, which starts every unique id; "" for none
     * @param trunks    PJSIP trunks to other instances (rendered by {@link PjsipTrunks})
     */
    public record Settings(String name, int amiPort, String agiHost, int agiPort, String amiUser, String amiSecret,
                           int sipPort, List<SipAccount> phones, int qualifySeconds, String systemName,
                           List<PjsipTrunks.Trunk> trunks) {

        public Settings {
            phones = List.copyOf(phones);
            trunks = List.copyOf(trunks);
            systemName = systemName == null ? "" : systemName;
            if (!systemName.matches("[A-Za-z0-9_-]{0,40}")) {
                throw new IllegalArgumentException("systemname must be letters, digits, _ or -: '" + systemName + "'");
            }
        }

        /**
         * A free manager and SIP port, a random secret, the server's default AGI address, no phones, and a qualify
         * every 2 s (an unreachable phone is noticed within about 3 s). The name gets {@link #namePrefix()} in front.
         */
        public static Settings defaults(String name) {
            name = namePrefix() + name;
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            return new Settings(name, freePort(), "127.0.0.1", 4573, "acd", HexFormat.of().formatHex(secret),
                    freeUdpPort(), List.of(), 2, "", List.of());
        }

        public Settings withAgi(String host, int port) {
            return new Settings(name, amiPort, host, port, amiUser, amiSecret, sipPort, phones, qualifySeconds,
                    systemName, trunks);
        }

        /** Agents' phones that get PJSIP endpoints (rendered by {@link PjsipSections}). */
        public Settings withPhones(List<SipAccount> accounts) {
            return new Settings(name, amiPort, agiHost, agiPort, amiUser, amiSecret, sipPort, accounts,
                    qualifySeconds, systemName, trunks);
        }

        /**
         * Asterisk's {@code systemname}: every unique id starts with it ({@code a-1764582115.12}), which is how a
         * routing server with several Asterisk servers knows where a call lives.
         */
        public Settings withSystemName(String value) {
            return new Settings(name, amiPort, agiHost, agiPort, amiUser, amiSecret, sipPort, phones,
                    qualifySeconds, value, trunks);
        }

        /** PJSIP trunks to other instances, so that a caller here can reach a phone there. */
        public Settings withTrunks(List<PjsipTrunks.Trunk> value) {
            return new Settings(name, amiPort, agiHost, agiPort, amiUser, amiSecret, sipPort, phones,
                    qualifySeconds, systemName, value);
        }

        /** How often Asterisk asks each phone for OPTIONS, in seconds. */
        public Settings withQualifySeconds(int seconds) {
            return new Settings(name, amiPort, agiHost, agiPort, amiUser, amiSecret, sipPort, phones, seconds,
                    systemName, trunks);
        }

        @Override
        public String toString() {
            return "Settings[" + name + ", ami 127.0.0.1:" + amiPort + ", agi " + agiHost + ":" + agiPort
                    + ", sip 127.0.0.1:" + sipPort + ", " + phones.size() + " phones]";
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
        Path phones = null;
        Path trunks = null;
        try {
            List<String> args = new ArrayList<>(List.of("start", settings.name(),
                    "--ami-port", Integer.toString(settings.amiPort()),
                    "--ami-user", settings.amiUser(), "--ami-secret", settings.amiSecret(),
                    "--agi-host", settings.agiHost(), "--agi-port", Integer.toString(settings.agiPort()),
                    "--sip-port", Integer.toString(settings.sipPort())));
            if (!settings.systemName().isEmpty()) {
                args.addAll(List.of("--system-name", settings.systemName()));
            }
            if (!settings.phones().isEmpty()) {
                // The passwords are in this file: readable by its owner only, and gone once copied.
                phones = Files.createTempDirectory("acd-sandbox-phones", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))).resolve(PjsipSections.FILE_NAME);
                Files.writeString(phones, PjsipSections.standard().render(settings.phones(),
                        settings.qualifySeconds()), StandardCharsets.UTF_8);
                args.addAll(List.of("--conf", phones.toString()));
            }
            if (!settings.trunks().isEmpty()) {
                trunks = Files.createTempDirectory("acd-sandbox-trunks", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))).resolve(PjsipTrunks.FILE_NAME);
                Files.writeString(trunks, PjsipTrunks.standard().render(settings.trunks()), StandardCharsets.UTF_8);
                args.addAll(List.of("--conf", trunks.toString()));
            }
            String out = run(args.toArray(String[]::new));
            for (String part : out.trim().split("\\s+")) {
                if (part.startsWith("log=")) {
                    logFile = part.substring(4);
                } else if (part.startsWith("root=")) {
                    rootFilesystem = Path.of(part.substring(5));
                } else if (part.startsWith("inst=")) {
                    instanceDirectory = part.substring(5);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the phones of Asterisk sandbox " + settings.name(), e);
        } finally {
            for (Path secretFile : new Path[] {phones, trunks}) {
                if (secretFile != null) {
                    try {
                        Files.deleteIfExists(secretFile);
                        Files.deleteIfExists(secretFile.getParent());
                    } catch (IOException e) {
                        LOG.warn("cannot delete {}: {}", secretFile, e.getMessage());
                    }
                }
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

    /** The UDP port on 127.0.0.1 where agents' phones register and SIP callers call. */
    public int sipPort() {
        return settings.sipPort();
    }

    /** The agents' phones the instance has endpoints for. */
    public List<SipAccount> phones() {
        return settings.phones();
    }

    /** The root filesystem Asterisk (and SIPp) run in. */
    public Path rootFilesystem() {
        return rootFilesystem;
    }

    /** The instance's directory as seen inside the root filesystem, for example {@code /var/lib/acd-sandbox/x}. */
    public String instanceDirectory() {
        return instanceDirectory;
    }

    /** Where a path inside the root filesystem is on this machine. */
    public Path onHost(String insidePath) {
        return Path.of(rootFilesystem + insidePath);
    }

    /** A SIPp process run for this instance: stopped with it at the latest, at once if it has stopped. */
    void adopt(Process sipp) {
        sippProcesses.adopt(sipp);
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
        sippProcesses.close();
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

    /**
     * What goes before every sandbox's name, so that runs side by side on one machine never share an instance
     * directory: {@code ACD_SANDBOX_PREFIX} (two checkouts), then the test JVM's fork ({@link TestFork}).
     */
    public static String namePrefix() {
        return System.getenv().getOrDefault("ACD_SANDBOX_PREFIX", "") + TestFork.current().namePrefix();
    }

    /**
     * A free TCP port on the loopback interface that no one else is handed before a server binds it: see
     * {@link FreePorts}.
     */
    public static int freePort() {
        return FreePorts.tcp();
    }

    /** A free UDP port on the loopback interface, never handed out twice in one process. */
    public static int freeUdpPort() {
        return FreePorts.udp();
    }

    /**
     * A free even UDP port whose next three are free too, on the loopback interface, for SIPp's media: see
     * {@link FreePorts#mediaBlock()}.
     */
    public static int freeMediaPorts() {
        return FreePorts.mediaBlock();
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
