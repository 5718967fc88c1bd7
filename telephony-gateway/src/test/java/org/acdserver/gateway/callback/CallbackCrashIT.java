package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.sandbox.AdoptedProcesses;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.CallbackCaller;
import org.acdserver.sandbox.ManagerAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


/**
 * A server process killed with {@code kill -9} after a callback was confirmed and before it was dialed, then
 * started again on the same PostgreSQL: the callback is reloaded with its place and dialed exactly once, as counted
 * by Asterisk's own Dial events for the customer.
 */
class CallbackCrashIT {

    private static final String NUMBER = "5559001";
    // One PostgreSQL, one sandbox and one manager watch for the class: each test starts its own server processes,
    // with their own configuration directory, and uses numbers of its own.
    private static EventLoopGroup group;
    private static EmbeddedPostgres pg;
    private static AsteriskSandbox sandbox;
    private static AmiClient ami;
    private static int agiPort;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        pg = EmbeddedPostgres.builder().start();
        agiPort = AsteriskSandbox.freePort();
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("crash").withAgi("127.0.0.1", agiPort));
        ami = new AmiClient(ManagerWatch.settings(sandbox), group);
        ami.start().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ami != null) {
            ami.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerKilledBetweenConfirmationAndDialDialsTheCallbackExactlyOnceAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("acd-crash");
        int httpPort = AsteriskSandbox.freePort();
        int adminPort = AsteriskSandbox.freePort();
        Process server = null;
        try {
            writeConfiguration(dir, agiPort, httpPort, adminPort, sandbox, pg.getJdbcUrl("postgres", "postgres"));
            List<AmiMessage> customerDials = new CopyOnWriteArrayList<>();
            ami.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    String dest = e.get("DestChannel");
                    if ("DialBegin".equals(e.eventName()) && dest != null
                            && dest.startsWith("Local/" + NUMBER + "@sim-customer")) {
                        customerDials.add(e);
                    }
                }
            });

            server = startServer(dir, httpPort, "first");
            // The agent steps away, so the caller waits and nothing can be dialed before the crash.
            ami.originate(OriginateRequest.toApplication("Local/*43@acd-agent-codes/n", null, "Wait", "3", 10_000)
                    .withVariable("ACD_AGENT", "sam")).get(5, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newHttpClient();
            String token = LocalToken.read(dir.resolve("admin.token"));
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/routing"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"state\":\"NOT_READY\""));
            ManagerAction asking = new CallbackCaller(NUMBER, "1", 1, 7, "1", 40).originate("crash-0001");
            ami.send(AmiAction.of(asking.name(), asking.headers())).get(5, TimeUnit.SECONDS);
            CallbackStore store = new CallbackStore(dataSource(pg));
            CallbackView pending = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> store.forNumber(NUMBER).stream().findFirst(), Optional::isPresent).orElseThrow();
            assertThat(pending.state()).isEqualTo("pending");

            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(customerDials).as("nothing dialed before the crash").isEmpty();

            server = startServer(dir, httpPort, "second");
            CallbackView done = await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> store.find(pending.id()), v -> v.isPresent() && v.get().state().equals("completed"))
                    .orElseThrow();
            assertThat(done.attempts()).isEqualTo(1);
            // Long enough for a second dial, were one coming.
            await().during(5, TimeUnit.SECONDS).atMost(7, TimeUnit.SECONDS).until(() -> customerDials.size() == 1);
            InteractionQueries records = new InteractionQueries(dataSource(pg));
            assertThat(records.byCallId(done.legCallId())).get().extracting(r -> r.outcome())
                    .isEqualTo(InteractionOutcome.ANSWERED);
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            TestRig.deleteTree(dir);
        }
    }

    /**
     * The crash window between the claim and the dial: callbacks left {@code dialing} by a killed server, one whose
     * dial never started (no witness in AstDB), one whose dial had started (its witness present) and one with only
     * an earlier attempt's leftover witness. After a start the first and the last are dialed exactly once and the
     * second never, as counted by Asterisk's Dial events.
     */
    @Test
    void aDialClaimedButNeverStartedIsDialedOnceAndOneThatStartedIsNeverDialedAgain() throws Exception {
        String lost = "5559011";
        String started = "5559012";
        String stale = "5559013";
        Path dir = Files.createTempDirectory("acd-witness");
        int httpPort = AsteriskSandbox.freePort();
        int adminPort = AsteriskSandbox.freePort();
        Process server = null;
        try {
            String jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
            writeConfiguration(dir, agiPort, httpPort, adminPort, sandbox, jdbcUrl);
            List<String> customerDials = new CopyOnWriteArrayList<>();
            ami.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    String dest = e.get("DestChannel");
                    if ("DialBegin".equals(e.eventName()) && dest != null && dest.startsWith("Local/555")) {
                        customerDials.add(dest);
                    }
                }
            });

            // What a killed server leaves: both dials claimed, only one witnessed by Asterisk.
            CallbackStore store;
            try (Database db = Database.open(
                    new DatabaseSettings(jdbcUrl, "postgres", "", 2, null, 0))) {
                store = new CallbackStore(db.dataSource());
                Instant t = Instant.now().minusSeconds(60);
                for (String number : List.of(lost, started, stale)) {
                    String id = "cb-" + number;
                    store.request(new CallbackTicket(id, "call-" + number, "sales", number, 0,
                            Map.of(), t, t, null));
                    assertThat(store.reserve(id, "sam")).isTrue();
                    assertThat(store.claimDial(id, "leg-" + number)).hasValue(1);
                }
            }
            store = new CallbackStore(dataSource(pg));
            assertThat(ami.send(AmiAction.of("DBPut").with("Family", DialWitness.FAMILY)
                    .with("Key", "cb-" + started).with("Val", "leg-" + started)).get(5, TimeUnit.SECONDS)
                    .isSuccess()).isTrue();
            assertThat(ami.send(AmiAction.of("DBPut").with("Family", DialWitness.FAMILY)
                    .with("Key", "cb-" + stale).with("Val", "leg-of-an-earlier-attempt")).get(5, TimeUnit.SECONDS)
                    .isSuccess()).isTrue();

            server = startServer(dir, httpPort, "witness");
            CallbackStore s = store;
            CallbackView dialed = await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.find("cb-" + lost), v -> v.isPresent() && v.get().state().equals("completed"))
                    .orElseThrow();
            assertThat(dialed.attempts()).as("the lost attempt is not counted").isEqualTo(1);
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> s.find("cb-" + stale), v -> v.isPresent() && v.get().state().equals("completed"));
            assertThat(store.find("cb-" + started)).get().extracting(CallbackView::state, CallbackView::outcome,
                    CallbackView::attempts).containsExactly("failed", "dialed_before_restart", 1);
            // Long enough for a second dial of either, were one coming.
            await().during(5, TimeUnit.SECONDS).atMost(7, TimeUnit.SECONDS).until(() -> customerDials.size() == 2);
            assertThat(customerDials).as("customer dials").hasSize(2)
                    .anySatisfy(d -> assertThat(d).startsWith("Local/" + lost + "@sim-customer"))
                    .anySatisfy(d -> assertThat(d).startsWith("Local/" + stale + "@sim-customer"));
            // Both witnesses are deleted once the outcomes are stored.
            for (String number : List.of(lost, started, stale)) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> !ami.send(AmiAction.of("DBGet")
                        .with("Family", DialWitness.FAMILY).with("Key", "cb-" + number)).get(5, TimeUnit.SECONDS)
                        .isSuccess());
            }
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            TestRig.deleteTree(dir);
        }
    }

    private static DataSource dataSource(EmbeddedPostgres pg) {
        return pg.getPostgresDatabase();
    }

    /** A server in its own JVM, as an installation runs it, up when its health endpoint answers. */
    private static Process startServer(Path dir, int httpPort, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only, as ServerProcess starts servers: up sooner, the same behaviour.
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.acdserver.gateway.Main", "serve", "--config", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + name + ".log").toFile()).start();
        AdoptedProcesses.atExit().adopt(p);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("server process " + name + " alive").isTrue();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"ami\":true");
        });
        return p;
    }

    private static void writeConfiguration(Path dir, int agiPort, int httpPort, int adminPort,
                                           AsteriskSandbox sandbox, String jdbcUrl) throws Exception {
        Files.writeString(dir.resolve("acd.yaml"), String.format("""
                agi: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                http: {public: {host: 127.0.0.1, port: %d}, admin: {host: 127.0.0.1, port: %d}}
                database: {url: "%s", username: postgres, password: "", spoolDirectory: data/spool}
                auth: {localTokenFile: admin.token}
                """, agiPort, sandbox.amiPort(), sandbox.amiUser(), sandbox.amiSecret(), httpPort, adminPort,
                jdbcUrl));
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    ringTimeoutSeconds: 5
                    fallback: flow
                    callback: {key: "9", dial: "Local/{number}@sim-customer/n", attempts: 1, whisper: [calling]}
                  - id: support
                    fallback: flow
                """);
        Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - {id: sam, endpoint: Local/sam@sim-agent-callback/n, queues: [sales, support]}
                """);
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(TestRig.repoRoot().resolve("config/flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
