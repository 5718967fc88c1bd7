package org.acdserver.gateway;

import static org.acdserver.gateway.ServerHome.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackView;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.CallbackCaller;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.PostmasterPid;
import org.junit.jupiter.api.Test;

/**
 * A server on the defaults (no database configured: the embedded PostgreSQL in data/ beside the configuration
 * directory) takes a call and a callback request, is killed with {@code kill -9}, and is started again: its
 * PostgreSQL, left running, is stopped and started afresh on the same data; the callback is put back in line and
 * dialled exactly once, as Asterisk's own Dial events count; the earlier call's record is still there.
 */
class DurableDefaultsIT {

    private static final String CALLBACK_NUMBER = "5559101";
    /** Queues and agents on the sandbox's simulated phones. */
    private static final String QUEUES = """
            queues:
              - id: sales
                ringTimeoutSeconds: 5
                fallback: flow
                callback: {key: "9", dial: "Local/{number}@sim-customer/n", attempts: 1, whisper: [calling]}
              - id: support
                fallback: flow
            """;
    private static final String AGENTS = """
            agents:
              - {id: sam, endpoint: Local/sam@sim-agent-callback/n, queues: [sales, support]}
            """;

    @Test
    void aServerKilledWithSigkillComesBackOnTheSameDataAndDialsTheCallbackOnce() throws Exception {
        ServerHome home = ServerHome.create("acd-durable");
        Path dataDir = home.dataDir;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerProcess server = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("durable")
                     .withAgi("127.0.0.1", home.agiPort));
             // The watching user: the server's own one gets no DialBegin (its event filter in manager.conf).
             AmiClient ami = new AmiClient(ManagerWatch.settings(sandbox), group)) {
            home.configure(sandbox, QUEUES, AGENTS);
            List<String> customerDials = new CopyOnWriteArrayList<>();
            ami.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    String dest = e.get("DestChannel");
                    if ("DialBegin".equals(e.eventName()) && dest != null
                            && dest.startsWith("Local/" + CALLBACK_NUMBER + "@sim-customer")) {
                        customerDials.add(dest);
                    }
                }
            });
            ami.start().get(30, TimeUnit.SECONDS);

            server = home.start("first");
            assertThat(dataDir.resolve("PG_VERSION")).as("the database lives in data/ beside the configuration")
                    .exists();

            // An earlier call, answered and recorded.
            place(ami, new SimulatedCaller("5550300", "1", 1, 10, 3), "durable-0001").get(5, TimeUnit.SECONDS);
            InteractionRecord earlier = await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> records(home).byCallId("durable-0001-a"), Optional::isPresent)
                    .orElseThrow();
            assertThat(earlier.outcome()).isEqualTo(InteractionOutcome.ANSWERED);

            // The agent steps away, so the next caller waits, asks for a callback, and nothing is dialled before
            // the kill.
            ami.originate(OriginateRequest.toApplication("Local/*43@acd-agent-codes/n", null, "Wait", "3", 10_000)
                    .withVariable("ACD_AGENT", "sam")).get(5, TimeUnit.SECONDS);
            // Asked with the command line's token, which the server keeps in its data directory by default too.
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
                    home.routing().contains("\"state\":\"NOT_READY\""));
            ManagerAction asking = new CallbackCaller(CALLBACK_NUMBER, "1", 1, 7, "1", 40).originate("durable-0002");
            ami.send(AmiAction.of(asking.name(), asking.headers())).get(5, TimeUnit.SECONDS);
            CallbackView pending = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> callbacks(home).forNumber(CALLBACK_NUMBER).stream().findFirst(),
                            Optional::isPresent).orElseThrow();
            assertThat(pending.state()).isEqualTo("pending");

            long postgresOfFirst = PostmasterPid.read(dataDir).orElseThrow().pid();
            server.kill();
            server = null;
            assertThat(ProcessHandle.of(postgresOfFirst).map(ProcessHandle::isAlive).orElse(false))
                    .as("the killed server's PostgreSQL is left running").isTrue();
            assertThat(customerDials).as("nothing dialled before the kill").isEmpty();

            server = home.start("second");
            assertThat(ProcessHandle.of(postgresOfFirst).map(ProcessHandle::isAlive).orElse(false))
                    .as("the left-over PostgreSQL was stopped").isFalse();
            assertThat(PostmasterPid.read(dataDir)).get().extracting(PostmasterPid::pid).isNotEqualTo(postgresOfFirst);

            CallbackView done = await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> callbacks(home).find(pending.id()),
                            v -> v.isPresent() && v.get().state().equals("completed")).orElseThrow();
            assertThat(done.attempts()).isEqualTo(1);
            // Long enough for a second dial, were one coming.
            await().during(5, TimeUnit.SECONDS).atMost(7, TimeUnit.SECONDS).until(() -> customerDials.size() == 1);
            InteractionQueries records = records(home);
            assertThat(records.byCallId("durable-0001-a")).as("the earlier call's record").contains(earlier);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() ->
                    records.byCallId(done.legCallId()).map(InteractionRecord::outcome), Optional::isPresent);
            assertThat(records.byCallId(done.legCallId())).get().extracting(InteractionRecord::outcome)
                    .isEqualTo(InteractionOutcome.ANSWERED);
        } finally {
            if (server != null) {
                server.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            // Also stops a PostgreSQL still running there (a failed test killed its server).
            home.close();
        }
    }

    private static InteractionQueries records(ServerHome home) throws Exception {
        return new InteractionQueries(home.database());
    }

    private static CallbackStore callbacks(ServerHome home) throws Exception {
        return new CallbackStore(home.database());
    }
}
