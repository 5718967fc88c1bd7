package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.auth.LocalToken;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.PostmasterPid;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.Test;

/**
 * A server process killed with SIGKILL in the middle of calls: Asterisk ends the callers' {@code AGI()} steps as it
 * ends any whose socket closed (AGISTATUS=SUCCESS), so only the dialplan can save them. Two callers waiting in line
 * and one in the menu reach {@code acd-fallback} (reason interrupted) instead of being hung up; the caller talking to
 * the agent talks on and is hung up at the end of that call, not sent to the fallback; a call that the server ended
 * itself before the kill never reached the fallback.
 */
class ServerCrashIT {

    @Test
    void callersOfAKilledServerReachTheFallbackAndTheAgentsCallIsLeftAlone() throws Exception {
        Path root = Files.createTempDirectory("acd-crash");
        Path config = root.resolve("config");
        Path dataDir = root.resolve("data/postgres");
        int agiPort = AsteriskSandbox.freePort();
        int httpPort = AsteriskSandbox.freePort();
        int adminPort = AsteriskSandbox.freePort();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerProcess server = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("crash")
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
            server = ServerProcess.start(config, httpPort, "crash", root.resolve("server.log"));

            // A call the server serves and ends itself (its flow's goodbye hangs up).
            String served = "crash-done-0001";
            place(watch, new SimulatedCaller("5550800", "1", 1, 30, 1), served);
            await().atMost(60, TimeUnit.SECONDS).until(() -> hangups.containsKey(served + "-a"));

            // The only agent takes the next caller for 12 s; two more wait in line, one listens to the menu.
            String talking = "crash-talk-0001";
            place(watch, new SimulatedCaller("5550801", "1", 1, 60, 12), talking);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    routing(root, adminPort).contains("\"state\":\"ON_CALL\""));
            List<String> waiting = List.of("crash-wait-0001-a", "crash-wait-0002-a");
            place(watch, new SimulatedCaller("5550802", "1", 1, 60, 2), "crash-wait-0001");
            place(watch, new SimulatedCaller("5550803", "2", 1, 60, 2), "crash-wait-0002");
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    waiting.stream().allMatch(routing(root, adminPort)::contains));
            String inMenu = "crash-menu-0001";
            place(watch, new SimulatedCaller("5550804", "", 1, 60, 2), inMenu);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                    health(httpPort).contains("\"agiSessions\":4"));

            long kill = System.nanoTime();
            server.kill();
            server = null;

            List<String> interrupted = List.of(waiting.get(0), waiting.get(1), inMenu + "-a");
            await().atMost(20, TimeUnit.SECONDS).until(() -> fallbacks.keySet().containsAll(interrupted));
            assertThat(interrupted).allSatisfy(id -> {
                assertThat(fallbacks.get(id)).as(id).isEqualTo("interrupted");
                assertThat(hangups.getOrDefault(id, Long.MAX_VALUE)).as("%s hung up before the fallback", id)
                        .isGreaterThan(kill);
            });
            // The call with the agent ends when the agent hangs up, and its caller is not sent on.
            await().atMost(30, TimeUnit.SECONDS).until(() -> hangups.containsKey(talking + "-a"));
            assertThat(hangups.get(talking + "-a")).isGreaterThan(kill);
            await().during(2, TimeUnit.SECONDS).atMost(3, TimeUnit.SECONDS).until(() ->
                    !fallbacks.containsKey(talking + "-a"));
            assertThat(fallbacks).doesNotContainKeys(talking + "-a", served + "-a");
        } finally {
            if (server != null) {
                server.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (Files.exists(dataDir.resolve(PostmasterPid.FILE_NAME))) {
                // The killed server's PostgreSQL, left running: stopped by opening and closing.
                Database.open(new DatabaseSettings(null, null, null, 1, dataDir, 0)).close();
            }
            TestRig.deleteTree(root);
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

    private static String health(int httpPort) throws Exception {
        return get(httpPort, "/health");
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** acd.yaml on the defaults (no database section); one agent in both queues, whose phone answers at once. */
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
                  - {id: sales, ringTimeoutSeconds: 10, fallback: flow}
                  - {id: support, ringTimeoutSeconds: 10, fallback: flow}
                """);
        Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - {id: sam, endpoint: Local/sam@sim-agent/n, queues: [sales, support]}
                """);
        Files.copy(TestRig.repoRoot().resolve("config/flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
