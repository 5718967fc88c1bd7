package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


/**
 * Routing rules on a real Asterisk: ring-no-answer, skills, wrap-up and priority. Sales has an agent whose phone
 * never answers (first in line) and one who does, with 3 s of wrap-up; support has a Spanish speaker and an agent
 * without Spanish. Agents change state with feature codes dialed from a Local-channel "softphone".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingIT {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestRig rig;
    private static InteractionQueries records;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("routing",
                List.of(new QueueDefinition("sales", 3, 600, 3, SelectionStrategy.LONGEST_IDLE, 1, Map.of()),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("deaf", "Local/deaf@sim-agent-noanswer/n", List.of("sales")),
                        new AgentDefinition("sam", "Local/sam@sim-agent/n", List.of("sales")),
                        new AgentDefinition("tina", "Local/tina@sim-agent/n", List.of("support")),
                        new AgentDefinition("pablo", "Local/pablo@sim-agent/n", List.of("support"),
                                Map.of("spanish", 7))));
        records = new InteractionQueries(rig.server.database().dataSource());
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static String call(String keys, String flow, int talkSeconds) {
        String id = String.format("rt-%06d", IDS.incrementAndGet());
        rig.place(new SimulatedCaller("5551" + String.format("%03d", IDS.get()), keys, 1, 60, talkSeconds, flow),
                id).join();
        return id + "-a";
    }

    private static InteractionRecord record(String callId) {
        return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
    }

    private static Instant legEnd(InteractionRecord r) {
        return r.answeredAt().plusMillis((long) (r.talkSeconds() * 1000));
    }

    @Test
    @Order(1)
    void anAgentWhoDoesNotAnswerGoesNotReadyAndTheCallerReachesTheNext() throws Exception {
        String id = call("1", null, 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.agent()).isEqualTo("sam");
        assertThat(r.waitSeconds()).isGreaterThanOrEqualTo(2.5); // it rang at deaf's phone first
        var deaf = rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get("deaf");
        assertThat(deaf.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(deaf.notReadyReason()).isEqualTo("no-answer");
        // Why did sam get it? Two decisions: deaf first, then sam on the second attempt.
        assertThat(rig.server.decisionsFor(id)).extracting(d -> d.agentId(), d -> d.attempt())
                .containsExactly(Tuple.tuple("deaf", 1),
                        Tuple.tuple("sam", 2));
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + rig.server.adminPort() + "/decisions?call=" + id))
                .header("Authorization", "Bearer " + rig.adminToken())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json).contains("\"agentId\":\"deaf\"").contains("\"strategy\":\"longest-idle\"");
    }

    @Test
    @Order(2)
    void aCallerNeedingASkillOnlyOneAgentHasReachesThatAgentWhileOthersIdle() {
        String id = call("", "spanish", 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.agent()).isEqualTo("pablo");
        assertThat(r.flow()).isEqualTo("spanish");
    }

    @Test
    @Order(3)
    void wrapUpKeepsTheAgentFromANewCallUntilItEnds() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                .agents().get("sam").state() == AgentState.READY);
        String first = call("1", null, 1);
        Thread.sleep(300);
        String second = call("1", null, 1);
        InteractionRecord a = record(first);
        InteractionRecord b = record(second);
        assertThat(a.agent()).isEqualTo("sam");
        assertThat(b.agent()).isEqualTo("sam");
        assertThat(Duration.between(legEnd(a), b.answeredAt()).toMillis()).isGreaterThanOrEqualTo(2_900);
    }

    @Test
    @Order(4)
    void aVipCallerJumpsTheLine() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                .agents().get("sam").state() == AgentState.READY);
        String busy = call("1", null, 3);
        Thread.sleep(2_500);
        String plain = call("1", null, 1);
        Thread.sleep(2_500);
        String vip = call("", "vip", 1);
        InteractionRecord p = record(plain);
        InteractionRecord v = record(vip);
        assertThat(record(busy).agent()).isEqualTo("sam");
        assertThat(v.enqueuedAt()).isAfter(p.enqueuedAt());
        assertThat(v.answeredAt()).isBefore(p.answeredAt());
    }

    private static void dial(String code, String agent) throws Exception {
        rig.server.ami().originate(OriginateRequest.toApplication("Local/" + code + "@acd-agent-codes/n",
                null, "Wait", "3", 10_000).withVariable("ACD_AGENT", agent)).get(5, TimeUnit.SECONDS);
    }

    private static RoutingSnapshot.AgentView agent(String id) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(id);
    }

    @Test
    @Order(5)
    void agentsSignInAndOutAndChangeStateWithFeatureCodes() throws Exception {
        await().atMost(15, TimeUnit.SECONDS).until(() -> agent("sam").state() == AgentState.READY);
        dial("*44", "sam");
        await().atMost(15, TimeUnit.SECONDS).until(() -> agent("sam").state() == AgentState.LOGGED_OUT);

        String waiting = call("1", null, 1);
        await().atMost(20, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                .waiting().get("sales").contains(waiting));
        Thread.sleep(1_000);
        assertThat(records.byCallId(waiting)).isEmpty();

        dial("*41", "sam");
        InteractionRecord r = record(waiting);
        assertThat(r.agent()).isEqualTo("sam");
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);

        await().atMost(15, TimeUnit.SECONDS).until(() -> agent("sam").state() == AgentState.READY);
        dial("*432", "sam");
        await().atMost(15, TimeUnit.SECONDS).until(() -> agent("sam").state() == AgentState.NOT_READY);
        assertThat(agent("sam").notReadyReason()).isEqualTo("lunch");
        dial("*42", "sam");
        await().atMost(15, TimeUnit.SECONDS).until(() -> agent("sam").state() == AgentState.READY);
    }
}
