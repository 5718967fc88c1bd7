package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


/**
 * The first real call path, end to end on a real Asterisk 22 and a real PostgreSQL: greeting, menu, queue, agent,
 * bridge, record. Callers are Local channels that press keys with SendDTMF; agents are Local channels that answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallPathIT {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestRig rig;
    private static InteractionQueries records;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("callpath",
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

    private static String call(String keys, int holdSeconds, int talkSeconds) {
        String id = String.format("cp-%06d", IDS.incrementAndGet());
        rig.place(new SimulatedCaller("5550" + String.format("%03d", IDS.get()), keys, 1, holdSeconds,
                talkSeconds), id).join();
        return id + "-a";
    }

    private static InteractionRecord record(String callId) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
    }

    @Test
    @Order(1)
    void pressingOneReachesSalesAndTwoReachesSupport() {
        String sales = call("1", 30, 2);
        String support = call("2", 30, 2);

        InteractionRecord s = record(sales);
        assertThat(s.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(s.queue()).isEqualTo("sales");
        assertThat(s.agent()).isEqualTo("salesagent");
        assertThat(s.ivrPath()).containsSubsequence("welcome", "menu", "menu=1", "sales");
        assertThat(s.flow()).isEqualTo("main");
        assertThat(s.waitSeconds()).isBetween(0.0, 5.0);
        assertThat(s.talkSeconds()).isBetween(1.5, 4.0);
        assertThat(s.answeredAt()).isAfterOrEqualTo(s.enqueuedAt());
        assertThat(s.endedAt()).isAfter(s.answeredAt());

        InteractionRecord t = record(support);
        assertThat(t.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(t.queue()).isEqualTo("support");
        assertThat(t.agent()).isEqualTo("supportagent");
        assertThat(t.ivrPath()).contains("menu=2");

        // Asterisk's DialEnd and BridgeEnter times were both seen for answered calls.
        assertThat(rig.server.meters().get("acd.agent.answer.to.bridge").timer().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void threeCallersAgainstOneAgentAreServedInArrivalOrder() throws Exception {
        String first = call("1", 60, 2);
        Thread.sleep(700);
        String second = call("1", 60, 2);
        Thread.sleep(700);
        String third = call("1", 60, 2);

        InteractionRecord a = record(first);
        InteractionRecord b = record(second);
        InteractionRecord c = record(third);
        for (InteractionRecord r : List.of(a, b, c)) {
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(r.agent()).isEqualTo("salesagent");
        }
        assertThat(a.enqueuedAt()).isBefore(b.enqueuedAt());
        assertThat(b.enqueuedAt()).isBefore(c.enqueuedAt());
        // Served one after another: the agent's next call is answered only after its last agent leg ended
        // (the caller then still hears the goodbye prompt, so the record's end time is later).
        assertThat(b.answeredAt()).isAfterOrEqualTo(agentLegEnd(a));
        assertThat(c.answeredAt()).isAfterOrEqualTo(agentLegEnd(b));
        assertThat(b.waitSeconds()).isGreaterThan(a.waitSeconds());
    }

    private static Instant agentLegEnd(InteractionRecord r) {
        return r.answeredAt().plusMillis((long) (r.talkSeconds() * 1000));
    }

    @Test
    @Order(3)
    void callerWhoHangsUpInTheQueueIsAbandonedAndNeverOffered() throws Exception {
        String busy = call("1", 60, 6);
        Thread.sleep(1500);
        String quitter = call("1", 2, 2);
        InteractionRecord q = record(quitter);
        assertThat(q.outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
        assertThat(q.agent()).isNull();
        assertThat(q.queue()).isEqualTo("sales");
        assertThat(q.answeredAt()).isNull();

        String next = call("1", 60, 1);
        assertThat(record(busy).outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(record(next).outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        var snapshot = rig.server.core().snapshot().get(5, TimeUnit.SECONDS);
        assertThat(snapshot.waiting().get("sales")).doesNotContain(quitter);
    }

    @Test
    @Order(4)
    void callerWhoHangsUpInTheMenuIsAbandonedInIvrAtThatStep() {
        String id = call("", 2, 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_IVR);
        assertThat(r.lastStep()).isEqualTo("menu");
        assertThat(r.queue()).isNull();
    }

    @Test
    @Order(5)
    void garbageOnTheAgiPortLeavesTheServerServing() throws Exception {
        int port = rig.server.agiPort();
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
            out.write(noise);
            out.flush();
        }
        try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
            byte[] endless = new byte[64 * 1024];
            Arrays.fill(endless, (byte) 'x');
            out.write(endless);
            out.flush();
        } catch (IOException closedByServer) {
            // The server may close while we still write: that is the point.
        }
        try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
            out.write("agi_network_script: main\nagi_uniqueid: x\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
            out.write("agi_network_script: no-such-flow\nagi_uniqueid: y\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        String id = call("2", 30, 1);
        assertThat(record(id).outcome()).isEqualTo(InteractionOutcome.ANSWERED);
    }

    @Test
    @Order(6)
    void afterTheManagerConnectionIsCutTheServerReconnectsAndRoutes() {
        rig.sandbox.restart();
        await().atMost(60, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
        String id = call("1", 30, 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.agent()).isEqualTo("salesagent");
    }

    @Test
    @Order(7)
    void noAgiSessionIsLeftOpen() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.agi().activeSessions() == 0);
        assertThat(rig.sandbox.cli("core show channels count")).contains("0 active calls");
    }
}
