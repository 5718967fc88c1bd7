package org.acdserver.gateway;

import static org.acdserver.gateway.ServerHome.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.Test;

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
    private static final String QUEUES = """
            queues:
              - id: sales
                ringTimeoutSeconds: 10
                fallback: flow
              - id: support
                fallback: flow
            """;

    @Test
    void sigtermHandsWaitingCallersToTheFallbackLeavesTheAgentsCallAndLosesNoRecord() throws Exception {
        ServerHome home = ServerHome.create("acd-shutdown");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerProcess server = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("shutdown")
                     .withAgi("127.0.0.1", home.agiPort));
             AmiClient watch = new AmiClient(ManagerWatch.settings(sandbox), group)) {
            home.configure(sandbox, QUEUES, ServerHome.ONE_AGENT);
            FallbackWatch seen = new FallbackWatch();
            Map<String, String> fallbacks = seen.fallbacks;
            Map<String, Long> hangups = seen.hangups;
            watch.addListener(seen);
            watch.start().get(30, TimeUnit.SECONDS);
            server = home.start("first");

            // The only agent takes a caller and talks for TALK_SECONDS; the next ten wait in line.
            String talking = "shut-talk-0001";
            place(watch, new SimulatedCaller("5550700", "1", 1, 90, TALK_SECONDS), talking).get(5, TimeUnit.SECONDS);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    home.routing().contains("\"state\":\"ON_CALL\""));
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                String id = String.format("shut-wait-%04d", i);
                place(watch, new SimulatedCaller("555071" + i, "1", 1, 60, 2), id).get(5, TimeUnit.SECONDS);
                waiting.add(id + "-a");
            }
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() ->
                    waiting.stream().allMatch(home.routing()::contains));

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

            server = home.start("second");
            InteractionQueries records = new InteractionQueries(home.database());
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
            home.printLogs();
            throw failed;
        } finally {
            if (server != null) {
                server.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            home.close();
        }
    }

    /** The unique ids of the channels Asterisk has up now. */
    private static List<String> channels(AmiClient ami) throws Exception {
        return ami.sendForList(AmiAction.of("CoreShowChannels")).get(10, TimeUnit.SECONDS).stream()
                .map(m -> m.get("Uniqueid")).toList();
    }
}
