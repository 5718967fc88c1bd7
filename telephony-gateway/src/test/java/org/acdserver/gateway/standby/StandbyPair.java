package org.acdserver.gateway.standby;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.acdserver.gateway.ServerProcess;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What the standby tests share: one PostgreSQL, one Asterisk sandbox whose dialplan tries the standby's AGI address
 * when a call's session ends unfinished, and a manager connection watching it. Started once per test JVM, on first
 * use, and closed when the tests are done (see {@link Shared}). Each test installs two servers, active and standby,
 * on a database of its own ({@link #install}), so no lease, agent state or waiting place outlives its test; the
 * server processes are the test's own, started and killed by it.
 */
final class StandbyPair implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One client for every poll: a client per request keeps a selector thread each until it is collected. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Each admin port's token file: the admin listener answers only with a token. */
    private static final Map<Integer, Path> ADMIN_TOKENS = new ConcurrentHashMap<>();

    private final EventLoopGroup group;
    private final EmbeddedPostgres pg;
    private final AsteriskSandbox sandbox;
    private final AmiClient ami;
    private final int agiActive;
    private final int agiStandby;
    private final AtomicInteger databases = new AtomicInteger();

    private StandbyPair(EventLoopGroup group, EmbeddedPostgres pg, AsteriskSandbox sandbox, AmiClient ami,
                        int agiActive, int agiStandby) {
        this.group = group;
        this.pg = pg;
        this.sandbox = sandbox;
        this.ami = ami;
        this.agiActive = agiActive;
        this.agiStandby = agiStandby;
    }

    static StandbyPair start() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EmbeddedPostgres pg = null;
        AsteriskSandbox sandbox = null;
        try {
            pg = EmbeddedPostgres.builder().start();
            int agiActive = AsteriskSandbox.freePort();
            int agiStandby = AsteriskSandbox.freePort();
            sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("standby")
                    .withAgi("127.0.0.1", agiActive));
            // The standby's address, as an installation's extensions.conf sets it.
            sandbox.cli("dialplan set global ACD_AGI_STANDBY agi://127.0.0.1:" + agiStandby);
            AmiClient ami = new AmiClient(ManagerWatch.settings(sandbox), group);
            ami.start().get(30, TimeUnit.SECONDS);
            return new StandbyPair(group, pg, sandbox, ami, agiActive, agiStandby);
        } catch (Exception | Error e) {
            if (sandbox != null) {
                sandbox.close();
            }
            if (pg != null) {
                pg.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The manager connection watching the sandbox (its watching user: it gets every event). */
    AmiClient ami() {
        return ami;
    }

    /**
     * A fresh database and, under {@code dir}, the configuration of two servers on it: {@code a} on the sandbox's
     * AGI address and {@code b} on the standby's, each with its own HTTP ports and token file, on the default lease.
     */
    Installation install(Path dir) throws Exception {
        return install(dir, "");
    }

    /**
     * As {@link #install(Path)}, with the lease's own keys (for example {@code "seconds: 6, renewSeconds: 1"}) added
     * to both servers' {@code lease:} section.
     */
    Installation install(Path dir, String leaseKeys) throws Exception {
        String name = "standby_" + databases.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String jdbcUrl = pg.getJdbcUrl("postgres", name);
        int[] http = {AsteriskSandbox.freePort(), AsteriskSandbox.freePort()};
        int[] admin = {AsteriskSandbox.freePort(), AsteriskSandbox.freePort()};
        Path a = configuration(dir.resolve("a"), "a", agiActive, http[0], admin[0], jdbcUrl, leaseKeys);
        Path b = configuration(dir.resolve("b"), "b", agiStandby, http[1], admin[1], jdbcUrl, leaseKeys);
        return new Installation(a, b, http, admin, pg.getDatabase("postgres", name));
    }

    /**
     * Two servers' configuration on one database.
     *
     * @param active  the configuration directory of the server started first (node a)
     * @param standby the configuration directory of the standby (node b)
     * @param http    the public HTTP ports, a then b
     * @param admin   the admin HTTP ports, a then b
     * @param data    the database both use
     */
    record Installation(Path active, Path standby, int[] http, int[] admin, DataSource data) {
    }

    @Override
    public void close() throws Exception {
        try {
            ami.close();
            sandbox.close();
            pg.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Resolves a {@link StandbyPair} parameter to the one of this test run, started on first use. */
    static final class Shared implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == StandbyPair.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store closes what it holds once every test has run.
            return context.getRoot().getStore(ExtensionContext.Namespace.create(StandbyPair.class))
                    .computeIfAbsent(StandbyPair.class, k -> {
                        try {
                            return StandbyPair.start();
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot start the standby pair's sandbox and database",
                                    e);
                        }
                    }, StandbyPair.class);
        }
    }

    /**
     * A failed test's error, with what its two servers ({@code server-a.log} and {@code server-b.log} under
     * {@code dir}) logged: their last lines printed into the report, and their lease, takeover and error lines in the
     * message, since the directory goes with the test.
     */
    static AssertionError failure(Throwable e, Path dir) {
        Path active = dir.resolve("server-a.log");
        Path standby = dir.resolve("server-b.log");
        ServerProcess.printLog(active, 300);
        ServerProcess.printLog(standby, 600);
        String what = String.join(" ", String.valueOf(e.getMessage()).strip().lines().toList());
        return new AssertionError(what + " -- the active's log: " + ServerProcess.digest(active, 15)
                + " -- the standby's log: " + ServerProcess.digest(standby, 25), e);
    }

    // ---- views of a running server ---------------------------------------------------------------------------------

    /** A GET; on an admin listener with the command line's token, which each server keeps in its directory. */
    static JsonNode get(int port, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        Path token = ADMIN_TOKENS.get(port);
        if (token != null) {
            request.header("Authorization", "Bearer " + LocalToken.read(token));
        }
        String body = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body);
    }

    static JsonNode agent(int adminPort) throws Exception {
        return get(adminPort, "/routing").path("agents").path("sam");
    }

    static List<String> waiting(int adminPort) throws Exception {
        List<String> ids = new ArrayList<>();
        get(adminPort, "/routing").path("waiting").path("sales").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    static double metric(int httpPort, String name) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    static long count(DataSource data, String sql) throws Exception {
        try (Connection c = data.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private Path configuration(Path dir, String node, int agiPort, int httpPort, int adminPort, String jdbcUrl,
                               String leaseKeys) throws Exception {
        Files.createDirectories(dir.resolve("flows"));
        ADMIN_TOKENS.put(adminPort, dir.resolve("admin.token"));
        Files.writeString(dir.resolve("acd.yaml"), String.format("""
                agi: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                http: {public: {host: 127.0.0.1, port: %d}, admin: {host: 127.0.0.1, port: %d}}
                database: {url: "%s", username: postgres, password: "", spoolDirectory: data/spool}
                lease: {enabled: true, node: %s%s}
                auth: {localTokenFile: admin.token}
                """, agiPort, sandbox.amiPort(), sandbox.amiUser(), sandbox.amiSecret(), httpPort, adminPort,
                jdbcUrl, node, leaseKeys.isEmpty() ? "" : ", " + leaseKeys));
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    ringTimeoutSeconds: 10
                    fallback: flow
                    callback: {key: "9", dial: "Local/{number}@sim-customer/n", attempts: 1, whisper: [calling]}
                  - id: support
                    fallback: flow
                """);
        Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - {id: sam, endpoint: Local/sam@sim-agent-callback/n, queues: [sales, support]}
                """);
        Files.copy(TestRig.repoRoot().resolve("config/flows/main.yaml"), dir.resolve("flows/main.yaml"));
        return dir;
    }
}
