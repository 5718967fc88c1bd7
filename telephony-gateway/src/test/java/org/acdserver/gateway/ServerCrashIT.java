package org.acdserver.gateway;

import static org.acdserver.gateway.ServerHome.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.sandbox.AsteriskSandbox;
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

    private static final String QUEUES = """
            queues:
              - {id: sales, ringTimeoutSeconds: 10, fallback: flow}
              - {id: support, ringTimeoutSeconds: 10, fallback: flow}
            """;

    @Test
    void callersOfAKilledServerReachTheFallbackAndTheAgentsCallIsLeftAlone() throws Exception {
        ServerHome home = ServerHome.create("acd-crash");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerProcess server = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("crash")
                     .withAgi("127.0.0.1", home.agiPort));
             AmiClient watch = new AmiClient(ManagerWatch.settings(sandbox), group)) {
            home.configure(sandbox, QUEUES, ServerHome.ONE_AGENT);
            FallbackWatch seen = new FallbackWatch();
            Map<String, String> fallbacks = seen.fallbacks;
            Map<String, Long> hangups = seen.hangups;
            watch.addListener(seen);
            watch.start().get(30, TimeUnit.SECONDS);
            server = home.start("crash");

            // A call the server serves and ends itself (its flow's goodbye hangs up).
            String served = "crash-done-0001";
            place(watch, new SimulatedCaller("5550800", "1", 1, 30, 1), served).get(5, TimeUnit.SECONDS);
            await().atMost(60, TimeUnit.SECONDS).until(() -> hangups.containsKey(served + "-a"));

            // The only agent takes the next caller for 12 s; two more wait in line, one listens to the menu.
            String talking = "crash-talk-0001";
            place(watch, new SimulatedCaller("5550801", "1", 1, 60, 12), talking).get(5, TimeUnit.SECONDS);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    home.routing().contains("\"state\":\"ON_CALL\""));
            List<String> waiting = List.of("crash-wait-0001-a", "crash-wait-0002-a");
            place(watch, new SimulatedCaller("5550802", "1", 1, 60, 2), "crash-wait-0001").get(5, TimeUnit.SECONDS);
            place(watch, new SimulatedCaller("5550803", "2", 1, 60, 2), "crash-wait-0002").get(5, TimeUnit.SECONDS);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    waiting.stream().allMatch(home.routing()::contains));
            String inMenu = "crash-menu-0001";
            place(watch, new SimulatedCaller("5550804", "", 1, 60, 2), inMenu).get(5, TimeUnit.SECONDS);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                    home.health().contains("\"agiSessions\":4"));

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
            // Also stops the killed server's PostgreSQL, left running.
            home.close();
        }
    }
}
