package org.acdserver.load.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.store.LocalPostgres;
import org.acdserver.sandbox.AdoptedProcesses;
import org.acdserver.sandbox.AsteriskSandbox;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything a chaos run breaks, and the means to watch it: a sandbox Asterisk; a PostgreSQL server of its own from
 * the embedded binaries, on a fixed port and data directory, that the run stops and starts; the link from the server
 * to the Asterisk manager, which the run cuts; the server as {@code acd-server serve} in a JVM of its own, which the
 * run kills with SIGKILL and starts again on the same configuration; and a manager connection of the run's own,
 * straight to Asterisk as the sandbox's watch user, that places the callers and feeds the {@link CallLedger}.
 */
final class ChaosRig implements AutoCloseable {

    /** Up to this long for the server to report its manager link up after a start. */
    private static final Duration SERVER_START = Duration.ofSeconds(120);

    final Path work;
    final AsteriskSandbox sandbox;
    final CallLedger ledger = new CallLedger();
    private final ChaosSettings settings;
    private final Path postgresDirectory;
    private final int postgresPort;
    private final int agiPort;
    private final int httpPort;
    private final int adminPort;
    private final ManagerLink managerLink;
    private final EventLoopGroup group;
    private final AmiClient watch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private volatile LocalPostgres postgres;
    private Process server;
    private int serverStarts;

    private ChaosRig(ChaosSettings settings, Path work) throws Exception {
        this.settings = settings;
        this.work = work;
        this.postgresDirectory = work.resolve("postgres");
        this.postgresPort = AsteriskSandbox.freePort();
        this.agiPort = AsteriskSandbox.freePort();
        this.httpPort = AsteriskSandbox.freePort();
        this.adminPort = AsteriskSandbox.freePort();
        this.sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("chaos").withAgi("127.0.0.1",
                agiPort));
        this.managerLink = ManagerLink.to(sandbox.amiHost(), sandbox.amiPort());
        this.postgres = LocalPostgres.start(postgresDirectory, postgresPort);
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.watch = new AmiClient(new AmiSettings(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiWatchUser(),
                sandbox.amiSecret(), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofSeconds(2)), group);
        watch.addListener(ledger);
        watch.start().get(30, TimeUnit.SECONDS);
        new ChaosConfiguration(settings).write(work.resolve("config"), agiPort, managerLink.port(), httpPort,
                adminPort, sandbox.amiUser(), sandbox.amiSecret(), postgres.jdbcUrl(), work.resolve("spool"));
    }

    /** Starts the sandbox, the database and the server in a fresh working directory. */
    static ChaosRig start(ChaosSettings settings) throws Exception {
        Path work = Files.createTempDirectory("acd-chaos");
        ChaosRig rig = new ChaosRig(settings, work);
        try {
            rig.startServer();
            return rig;
        } catch (Exception e) {
            rig.close();
            throw e;
        }
    }

    /** The run's own manager connection to Asterisk, which places the callers. */
    AmiClient watch() {
        return watch;
    }

    /** Starts {@code acd-server serve}; returns once its health endpoint reports the manager link up. */
    void startServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("server-" + (++serverStarts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + settings.serverHeap(), "-cp",
                System.getProperty("java.class.path"), "org.acdserver.gateway.Main", "serve", "--config",
                work.resolve("config").toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.equals("ACD_DATA_DIR") || k.startsWith("ACD_JDBC_")
                || k.startsWith("ACD_AMI_"));
        server = builder.start();
        AdoptedProcesses.atExit().adopt(server);
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; its log: " + log);
            }
            JsonNode health = health();
            if (health != null && health.path("ami").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new TimeoutException("the server did not report its manager link up within " + SERVER_START
                + "; its log: " + log);
    }

    /** {@code kill -9} of the server: no shutdown hook runs, every AGI session and the manager link drop. */
    void killServer() throws InterruptedException {
        server.destroyForcibly();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server (pid " + server.pid() + ") survived SIGKILL for 30 s");
        }
    }

    void stopPostgres() throws IOException {
        postgres.close();
    }

    void startPostgres() throws IOException {
        postgres = LocalPostgres.start(postgresDirectory, postgresPort);
    }

    void cutManagerLink() throws IOException {
        managerLink.cut();
    }

    void restoreManagerLink() throws IOException {
        managerLink.restore();
    }

    /** The server's {@code /health}, or null while it does not answer. */
    JsonNode health() {
        try {
            return json.readTree(get(httpPort, "/health"));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Agents not ready now, by the server's {@code /routing}; -1 while it does not answer. */
    int agentsNotReady() {
        try {
            // The admin listener wants a token: the command line's, which the server keeps in its data directory
            // (beside the configuration directory).
            String token = LocalToken.read(work.resolve("data/admin.token"));
            JsonNode routing = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + adminPort + "/routing")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!routing.has("agents")) {
                return -1;
            }
            int n = 0;
            for (JsonNode agent : routing.findValues("state")) {
                if ("NOT_READY".equals(agent.asText())) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every callback request in the database: number to state and attempts. */
    Map<String, String> callbacks() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = database().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT number, state, attempts FROM callback")) {
            while (r.next()) {
                out.merge(r.getString(1), r.getString(2) + "/" + r.getInt(3), (a, b) -> a + "," + b);
            }
        }
        return out;
    }

    /** Call ids that have an interaction record. */
    Set<String> recordedCalls() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = database().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT call_id FROM interaction WHERE call_id LIKE 'cx%'")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private PGSimpleDataSource database() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {postgresPort});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    @Override
    public void close() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        watch.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        managerLink.close();
        sandbox.close();
        try {
            postgres.close();
        } catch (IOException | RuntimeException alreadyStopped) {
            // Stopped by a fault that the run did not get to undo.
        }
    }
}
