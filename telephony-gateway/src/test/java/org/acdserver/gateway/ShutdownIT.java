package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.PostmasterPid;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A server running as its own process (on the defaults: its embedded PostgreSQL in data/ beside the configuration)
 * gets SIGTERM with one caller talking to the only agent and ten callers waiting in line. The ten reach the
 * dialplan's {@code acd-fallback} (its AcdFallback user event, reason shutdown), the caller talking to the agent
 * talks on after the server has gone, and after a restart every call's record is there: the ten as not served,
 * handed to acd-fallback, the eleventh as answered.
 */
class ShutdownIT {

    private static final int WAITING = 10;
    /**
     * How long the agent's call lasts: long enough to outlast the ten callers lining up, the SIGTERM and the
     * process's exit (2 s here, under a load average of 10 too), short enough not to idle the test after the checks.
     */
    private static final int TALK_SECONDS = 20;

    @Test
    void sigtermHandsWaitingCallersToTheFallbackLeavesTheAgentsCallAndLosesNoRecord() throws Exception {
        Path root = Files.createTempDirectory("acd-shutdown");
        Path config = root.resolve("config");
        Path dataDir = root.resolve("data/postgres");
        int agiPort = AsteriskSandbox.freePort();
        int httpPort = AsteriskSandbox.freePort();
        int adminPort = AsteriskSandbox.freePort();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerProcess server = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("shutdown")
                     .withAgi("127.0.0.1", agiPort));
             AmiClient watch = new AmiClient(ManagerWatch.settings(sandbox), group)) {
            writeConfiguration(config, agiPort, httpPort, adminPort, sandbox);
            Map<String, String> fallbacks = new ConcurrentHashMap<>();
            Map<String, Long> hangups = new ConcurrentHashMap<>();
            watch.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    if ("UserEvent".equals(e.eventName()) && "AcdFallback".equals(e.get("UserEvent"))) {
                        fallbacks.put(e.get("Uniqueid"), String.valueOf(e.get("Reason")));
                    } else if ("Hangup".equals(e.eventName()) && e.get("Uniqueid") != null) {
                        hangups.put(e.get("Uniqueid"), System.nanoTime());
                    }
                }
            });
            watch.start().get(30, TimeUnit.SECONDS);
            server = ServerProcess.start(config, httpPort, "first", root.resolve("server-first.log"));

            // The only agent takes a caller and talks for TALK_SECONDS; the next ten wait in line.
            String talking = "shut-talk-0001";
            place(watch, new SimulatedCaller("5550700", "1", 1, 90, TALK_SECONDS), talking);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    routing(root, adminPort).contains("\"state\":\"ON_CALL\""));
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                String id = String.format("shut-wait-%04d", i);
                place(watch, new SimulatedCaller("555071" + i, "1", 1, 60, 2), id);
                waiting.add(id + "-a");
            }
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() ->
                    waiting.stream().allMatch(routing(root, adminPort)::contains));

            long sigterm = System.nanoTime();
            server.terminate(Duration.ofSeconds(60));
            long exited = System.nanoTime();
            server = null;
            System.out.printf("server process ended %d ms after SIGTERM%n",
                    TimeUnit.NANOSECONDS.toMillis(exited - sigterm));

            await().atMost(20, TimeUnit.SECONDS).until(() -> fallbacks.keySet().containsAll(waiting));
            assertThat(waiting).allSatisfy(id -> assertThat(fallbacks.get(id)).as(id).isEqualTo("shutdown"));
            assertThat(waiting).as("handed over, not hung up before the fallback").allSatisfy(id ->
                    assertThat(hangups.getOrDefault(id, Long.MAX_VALUE)).isGreaterThan(sigterm));
            // The call with the agent goes on after the server has gone.
            String caller = talking + "-a";
            assertThat(hangups).as("the agent's call is not dropped by the shutdown").doesNotContainKey(caller);
            assertThat(channels(watch)).as("still talking after the server ended").contains(caller);
            assertThat(fallbacks).doesNotContainKey(caller);

            server = ServerProcess.start(config, httpPort, "second", root.resolve("server-second.log"));
            InteractionQueries records = new InteractionQueries(database(dataDir));
            for (String id : waiting) {
                InteractionRecord r = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> records.byCallId(id), Optional::isPresent).orElseThrow();
                assertThat(r.outcome()).as(id).isEqualTo(InteractionOutcome.NO_AGENT);
                assertThat(r.transferredTo()).as(id).isEqualTo("acd-fallback");
                assertThat(r.queue()).isEqualTo("sales");
            }
            InteractionRecord answered = records.byCallId(caller).orElseThrow();
            assertThat(answered.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(answered.agent()).isEqualTo("sam");
            // The call ends as it would have: when the agent's TALK_SECONDS are up, not at the shutdown.
            await().atMost(90, TimeUnit.SECONDS).until(() -> hangups.containsKey(caller));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(hangups.get(caller) - exited)).isPositive();
        } catch (Throwable failed) {
            // The servers' logs live in the temporary directory deleted below: kept in the test's report instead.
            printLogs(root);
            throw failed;
        } finally {
            if (server != null) {
                server.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (Files.exists(dataDir.resolve(PostmasterPid.FILE_NAME))) {
                Database.open(new DatabaseSettings(null, null, null, 1, dataDir, 0)).close();
            }
            TestRig.deleteTree(root);
        }
    }

    /** Prints every server log under {@code root}, for a failed run's report. */
    private static void printLogs(Path root) throws IOException {
        try (Stream<Path> logs = Files.list(root)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                System.out.println("---- " + log.getFileName() + " ----");
                System.out.println(Files.readString(log));
            }
        }
    }

    private static void place(AmiClient ami, SimulatedCaller caller, String id) throws Exception {
        ManagerAction originate = caller.originate(id);
        ami.send(AmiAction.of(originate.name(), originate.headers())).get(5, TimeUnit.SECONDS);
    }

    /** The routing view, asked with the command line's token, which the server keeps in its data directory. */
    private static String routing(Path root, int adminPort) throws Exception {
        String token = LocalToken.read(root.resolve("data/admin.token"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/routing")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The unique ids of the channels Asterisk has up now. */
    private static List<String> channels(AmiClient ami) throws Exception {
        return ami.sendForList(AmiAction.of("CoreShowChannels")).get(10, TimeUnit.SECONDS).stream()
                .map(m -> m.get("Uniqueid")).toList();
    }

    private static PGSimpleDataSource database(Path dataDir) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {PostmasterPid.read(dataDir).orElseThrow().port()});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    /** acd.yaml on the defaults (no database section); one agent in sales, whose phone answers at once. */
    private static void writeConfiguration(Path dir, int agiPort, int httpPort, int adminPort,
                                           AsteriskSandbox sandbox) throws Exception {
        Files.createDirectories(dir.resolve("flows"));
        Files.writeString(dir.resolve("acd.yaml"), String.format("""
                agi: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                http: {public: {host: 127.0.0.1, port: %d}, admin: {host: 127.0.0.1, port: %d}}
                flows: flows
                """, agiPort, sandbox.amiPort(), sandbox.amiUser(), sandbox.amiSecret(), httpPort, adminPort));
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    ringTimeoutSeconds: 10
                    fallback: flow
                  - id: support
                    fallback: flow
                """);
        Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - {id: sam, endpoint: Local/sam@sim-agent/n, queues: [sales, support]}
                """);
        Files.copy(TestRig.repoRoot().resolve("config/flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
