package org.acdserver.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acdserver.sandbox.AdoptedProcesses;
import org.acdserver.sandbox.AsteriskSandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many idle, queued FastAGI sessions the server holds in a given heap. Starts the server ({@code acd-server
 * serve}, the class path of this tool, {@code -Xmx} of {@code --heap}) on the repository's flows, skills, queues,
 * schedules and queries with no agents and no Asterisk, on free ports and a data directory of its own; then
 * {@link IdleAgiClient} in a JVM of its own, which opens the sessions, passes the IVR and leaves each caller waiting
 * in its queue. Prints the sessions held (the server's own count, from {@code /health}), the heap used after a full
 * GC with none and with them ({@code jcmd}), and the bytes per session.
 */
@Command(name = "idle-sessions", mixinStandardHelpOptions = true)
public final class IdleSessions implements Callable<Integer> {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern SESSIONS = Pattern.compile("\"agiSessions\":(\\d+)");

    @Option(names = "--sessions", defaultValue = "18000")
    int sessions;

    @Option(names = "--heap", defaultValue = "512m", description = "the server's -Xmx and -Xms")
    String heap;

    @Option(names = "--config", defaultValue = "config", description = "the repository's configuration directory, "
            + "whose flows, skills, queues, schedules and queries the server loads")
    Path config;

    @Option(names = "--work", description = "directory for the server's configuration, data and logs "
            + "(default: a new temporary one)")
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdleSessions()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("acd-idle-sessions");
        int agiPort = AsteriskSandbox.freePort();
        int healthPort = AsteriskSandbox.freePort();
        Path conf = writeConfiguration(dir, agiPort, healthPort);
        System.out.println("working directory " + dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        ProcessBuilder serverCommand = new ProcessBuilder(java, "-Xmx" + heap, "-Xms" + heap, "-cp", classPath,
                "org.acdserver.gateway.Main", "serve", "--config", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile());
        serverCommand.environment().put("ACD_LOG_DIR", dir.resolve("logs").toString());
        serverCommand.environment().put("ACD_CONSOLE_LEVEL", "WARN");
        Process server = serverCommand.start();
        AdoptedProcesses.atExit().adopt(server);
        Process client = null;
        try {
            String health = awaitHealth(server, healthPort, dir);
            long baseKb = usedAfterGc(server.pid());
            Path clientOut = dir.resolve("client.out");
            client = new ProcessBuilder(java, "-Xmx1g", "-cp", classPath, IdleAgiClient.class.getName(),
                    "--port", Integer.toString(agiPort), "--sessions", Integer.toString(sessions))
                    .redirectErrorStream(true).redirectOutput(clientOut.toFile()).start();
            AdoptedProcesses.atExit().adopt(client);
            while (!read(clientOut).contains("HELD")) {
                if (!client.isAlive() || !server.isAlive()) {
                    System.out.println((server.isAlive() ? "the AGI client" : "the server") + " ended early; see "
                            + dir);
                    System.out.print(read(clientOut));
                    return 1;
                }
                // The client prints HELD once every session is held or failed: a poll of its output.
                Thread.sleep(200);
            }
            System.out.print(read(clientOut));
            health = get(healthPort);
            System.out.println("server health: " + health);
            long usedKb = usedAfterGc(server.pid());
            Matcher m = SESSIONS.matcher(health);
            int held = m.find() ? Integer.parseInt(m.group(1)) : 0;
            System.out.printf(Locale.ROOT, "heap used after full GC: %d KB with %d sessions held%n", usedKb, held);
            System.out.printf(Locale.ROOT, "heap used after full GC with no sessions: %d KB%n", baseKb);
            if (held == 0 || usedKb <= baseKb) {
                return 1;
            }
            long perSession = (usedKb - baseKb) * 1024 / held;
            long heapKb = parseKb(heap);
            System.out.printf(Locale.ROOT, "about %d bytes of heap per idle queued session%n", perSession);
            System.out.printf(Locale.ROOT, "a %s heap holds about %d such sessions%n", heap,
                    (heapKb - baseKb) * 1024 / perSession);
            return held == sessions ? 0 : 1;
        } finally {
            if (client != null) {
                client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** acd.yaml on free ports, no agents, and no Asterisk: the manager's port 1 refuses, and the server retries. */
    private Path writeConfiguration(Path dir, int agiPort, int healthPort) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("config"));
        Path repo = config.toAbsolutePath();
        Files.writeString(conf.resolve("agents.yaml"), "agents: []\n", StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("acd.yaml"), String.join("\n", List.of(
                "# The idle-session capacity test: no agents, so every call waits in its queue.",
                // The client connects from 40 loopback addresses, so that its ephemeral ports do not run out.
                "agi: {host: 127.0.0.1, port: " + agiPort + ", allow: [127.0.0.0/8]}",
                "ami: {host: 127.0.0.1, port: 1, username: acd, secret: unused}",
                "http: {public: {host: 127.0.0.1, port: " + healthPort + "}, admin: {host: 127.0.0.1, port: "
                        + AsteriskSandbox.freePort() + "}}",
                "database: {url: \"\"}",
                "flows: " + repo.resolve("flows"),
                "skills: " + repo.resolve("skills.yaml"),
                "schedules: " + repo.resolve("schedules.yaml"),
                "queries: " + repo.resolve("queries.yaml"),
                "queues: " + repo.resolve("queues.yaml"),
                "agents: agents.yaml", "")), StandardCharsets.UTF_8);
        return conf;
    }

    private String awaitHealth(Process server, int port, Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited (" + server.exitValue() + "); see "
                        + dir.resolve("server.out"));
            }
            String h = get(port);
            if (h.contains("agiSessions")) {
                return h;
            }
            // Nothing to wait on but the listener coming up: a poll of the health route.
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not answer /health within 120 s; see " + dir);
    }

    /** The health route's body whatever its status (it reports 503 while the manager is down), or "" if closed. */
    private String get(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException notYet) {
            return "";
        }
    }

    /** Heap used after a full GC, from {@code jcmd GC.run} and {@code GC.heap_info}. */
    private static long usedAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        Matcher m = USED.matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info gave no heap use for process " + pid);
        }
        return Long.parseLong(m.group(1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static long parseKb(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
        return s.endsWith("g") ? n * 1024 * 1024 : s.endsWith("m") ? n * 1024 : s.endsWith("k") ? n : n / 1024;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
