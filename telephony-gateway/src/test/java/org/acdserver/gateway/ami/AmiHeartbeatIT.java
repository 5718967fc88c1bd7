package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A half-open manager link on a real Asterisk 22: the sandbox is stopped with SIGSTOP for 15 s, so the server's
 * connection stays open but silent, as with a hung Asterisk or a dead network path. The server's heartbeat (its
 * defaults: a Ping every 3 s, dead after 3 s of silence) must declare the link dead, stay disconnected while Asterisk
 * is stopped, reconnect and resync once it runs again (SIGCONT), and route the next call.
 */
class AmiHeartbeatIT {

    private static final Logger LOG = LoggerFactory.getLogger(AmiHeartbeatIT.class);
    private static final Duration STOPPED_FOR = Duration.ofSeconds(15);
    private static final long LIMIT_MILLIS = 10_000;

    private static TestRig rig;
    private static InteractionQueries records;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("heartbeat",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("salesagent", "Local/salesagent@sim-agent/n", List.of("sales")),
                        new AgentDefinition("supportagent", "Local/supportagent@sim-agent/n", List.of("support"))));
        records = new InteractionQueries(rig.server.database().dataSource());
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static InteractionRecord answeredCall(String id) {
        rig.place(new SimulatedCaller("5550301", "1", 1, 30, 1), id).join();
        InteractionRecord r = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records.byCallId(id + "-a"), Optional::isPresent).orElseThrow();
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.agent()).isEqualTo("salesagent");
        return r;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
    }

    @Test
    void aStoppedAsteriskIsDetectedTheLinkComesBackWhenItResumesAndTheNextCallIsRouted() throws Exception {
        AmiClient ami = rig.server.ami();
        answeredCall("hb-000001");
        List<Long> disconnectedAt = new CopyOnWriteArrayList<>();
        List<Throwable> causes = new CopyOnWriteArrayList<>();
        List<Long> resyncedAt = new CopyOnWriteArrayList<>();
        ami.addListener(new AmiListener() {
            @Override
            public void onEvent(AmiMessage event) {
            }

            @Override
            public void onDisconnected(Throwable cause) {
                disconnectedAt.add(System.nanoTime());
                causes.add(cause);
            }

            @Override
            public void onResync(AmiResync snapshot) {
                resyncedAt.add(System.nanoTime());
            }
        });
        long failuresBefore = ami.heartbeatFailures();
        long reconnectsBefore = ami.reconnects();
        long pid = rig.sandbox.pid();

        // Both times are taken before the signal is sent, so the figures are upper bounds.
        long stoppedAt = System.nanoTime();
        signal("STOP", pid);
        long detectedMillis;
        long resumedAt;
        try {
            await().atMost(LIMIT_MILLIS, TimeUnit.MILLISECONDS).until(() -> !disconnectedAt.isEmpty());
            detectedMillis = (disconnectedAt.get(0) - stoppedAt) / 1_000_000;
            assertThat(causes.get(0)).hasMessageContaining("no answer to a Ping");
            assertThat(ami.heartbeatFailures()).isEqualTo(failuresBefore + 1);
            assertThat(ami.isConnected()).isFalse();
            // For the rest of the 15 s the client must not take a half-open connection for a live one.
            long left = STOPPED_FOR.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000;
            await().during(left, TimeUnit.MILLISECONDS).atMost(left + 5_000, TimeUnit.MILLISECONDS)
                    .until(() -> !ami.isConnected());
            assertThat(resyncedAt).isEmpty();
        } finally {
            resumedAt = System.nanoTime();
            signal("CONT", pid);
        }
        await().atMost(LIMIT_MILLIS, TimeUnit.MILLISECONDS).until(() -> !resyncedAt.isEmpty());
        long recoveredMillis = (resyncedAt.get(0) - resumedAt) / 1_000_000;
        LOG.info("half-open manager link: declared dead {} ms after SIGSTOP; reconnected and resynced {} ms after"
                + " SIGCONT", detectedMillis, recoveredMillis);
        assertThat(detectedMillis).as("detection time, ms").isLessThan(LIMIT_MILLIS);
        assertThat(recoveredMillis).as("recovery time after SIGCONT, ms").isLessThan(LIMIT_MILLIS);
        assertThat(ami.isConnected()).isTrue();
        assertThat(ami.reconnects()).isEqualTo(reconnectsBefore + 1);
        assertThat(disconnectedAt).hasSize(1);

        String metrics = rig.server.meters().scrape();
        assertThat(metrics).contains("acd_ami_connected 1.0")
                .contains("acd_ami_heartbeat_failures_total " + (failuresBefore + 1) + ".0")
                .contains("acd_ami_reconnects_total " + (reconnectsBefore + 1) + ".0");

        // The routing core sees the agent's device again: the next call reaches the agent.
        answeredCall("hb-000002");
    }
}
