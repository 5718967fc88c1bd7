package org.acdserver.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.PostmasterPid;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The home of a server that a test runs as its own process ({@link ServerProcess}) on the defaults: a temporary root
 * with {@code config/} (acd.yaml without a database section, so the embedded PostgreSQL lives in {@code data/} beside
 * it), free ports, and what such tests ask of that server. Closing stops a PostgreSQL a killed server left running
 * and deletes the root.
 */
final class ServerHome implements AutoCloseable {

    /** agents.yaml with one agent, sam, in sales and support, whose phone answers at once. */
    static final String ONE_AGENT = """
            agents:
              - {id: sam, endpoint: Local/sam@sim-agent/n, queues: [sales, support]}
            """;

    final Path root;
    final Path config;
    final Path dataDir;
    final int agiPort;
    final int httpPort;
    final int adminPort;

    private ServerHome(Path root) {
        this.root = root;
        this.config = root.resolve("config");
        this.dataDir = root.resolve("data/postgres");
        this.agiPort = AsteriskSandbox.freePort();
        this.httpPort = AsteriskSandbox.freePort();
        this.adminPort = AsteriskSandbox.freePort();
    }

    static ServerHome create(String prefix) throws IOException {
        return new ServerHome(Files.createTempDirectory(prefix));
    }

    /** Writes acd.yaml for {@code sandbox} and this home's ports, these queues.yaml and agents.yaml, the main flow. */
    void configure(AsteriskSandbox sandbox, String queuesYaml, String agentsYaml) throws IOException {
        Files.createDirectories(config.resolve("flows"));
        Files.writeString(config.resolve("acd.yaml"), String.format("""
                agi: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                http: {public: {host: 127.0.0.1, port: %d}, admin: {host: 127.0.0.1, port: %d}}
                flows: flows
                """, agiPort, sandbox.amiPort(), sandbox.amiUser(), sandbox.amiSecret(), httpPort, adminPort));
        Files.writeString(config.resolve("queues.yaml"), queuesYaml);
        Files.writeString(config.resolve("agents.yaml"), agentsYaml);
        Files.copy(TestRig.repoRoot().resolve("config/flows/main.yaml"), config.resolve("flows/main.yaml"));
    }

    /** Starts the server on this home, logging to {@code <name>.log} in the root. */
    ServerProcess start(String name) throws Exception {
        return ServerProcess.start(config, httpPort, name, root.resolve("server-" + name + ".log"));
    }

    /** The routing view, asked with the command line's token, which the server keeps in its data directory. */
    String routing() throws Exception {
        String token = LocalToken.read(root.resolve("data/admin.token"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/routing")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The public health endpoint's body. */
    String health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The server's embedded database, on the port it runs on now. */
    DataSource database() throws IOException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {PostmasterPid.read(dataDir).orElseThrow().port()});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    /** Prints every server log in the root, for a failed run's report (the root is deleted on close). */
    void printLogs() throws IOException {
        try (Stream<Path> logs = Files.list(root)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                ServerProcess.printLog(log, Integer.MAX_VALUE);
            }
        }
    }

    /** Places a simulated caller through the watching manager connection. */
    static CompletableFuture<AmiMessage> place(AmiClient ami, SimulatedCaller caller, String id) {
        ManagerAction originate = caller.originate(id);
        return ami.send(AmiAction.of(originate.name(), originate.headers()));
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(dataDir.resolve(PostmasterPid.FILE_NAME))) {
            // A PostgreSQL still running there (a killed server's): stopped by opening and closing.
            Database.open(new DatabaseSettings(null, null, null, 1, dataDir, 0)).close();
        }
        TestRig.deleteTree(root);
    }
}
