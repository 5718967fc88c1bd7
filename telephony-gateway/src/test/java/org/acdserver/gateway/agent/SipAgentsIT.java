package org.acdserver.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipCallers;
import org.acdserver.sandbox.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Agents on real SIP phones (SIPp registered with digest authentication) and real SIP callers, on a real Asterisk.
 * Sales offers calls in a fixed order to a phone that never answers, one that is busy and one that answers; support
 * has two agents whose phones start unregistered. Agents' states are set through the core where a test needs them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipAgentsIT {

    private static final SipAccount DEAF = new SipAccount("deaf", "deaf-pw-1");
    private static final SipAccount BUSY = new SipAccount("busy", "busy-pw-2");
    private static final SipAccount ANN = new SipAccount("ann", "ann-pw-3");
    private static final SipAccount LATE = new SipAccount("late", "late-pw-4");
    private static final SipAccount NAP = new SipAccount("nap", "nap-pw-5");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path config;
    private static TestRig rig;
    private static InteractionQueries records;
    private static SipPhone deaf;
    private static SipPhone busy;
    private static SipPhone ann;
    private static SipPhone late;
    private static SipPhone nap;

    @BeforeAll
    static void start() throws Exception {
        config = copyOfConfig();
        rig = TestRig.start("sipagents",
                List.of(new QueueDefinition("sales", 2, 600, 0, SelectionStrategy.FIXED_ORDER, 0),
                        new QueueDefinition("support", 5, 600, 0, SelectionStrategy.FIXED_ORDER, 0)),
                List.of(agent(DEAF, "sales"), agent(BUSY, "sales"), agent(ANN, "sales"),
                        agent(LATE, "support"), agent(NAP, "support")),
                config, List.of(DEAF, BUSY, ANN, LATE, NAP));
        records = new InteractionQueries(rig.server.database().dataSource());
        deaf = SipPhone.start(rig.sandbox, DEAF, SipPhone.Behaviour.NO_ANSWER);
        busy = SipPhone.start(rig.sandbox, BUSY, SipPhone.Behaviour.BUSY);
        ann = SipPhone.start(rig.sandbox, ANN, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1));
        for (SipPhone p : List.of(deaf, busy, ann)) {
            p.awaitRegistered();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> phone("ann").path("status").asText().equals("registered")
                && phone("deaf").path("status").asText().equals("registered")
                && phone("busy").path("status").asText().equals("registered"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (SipPhone p : new SipPhone[] {deaf, busy, ann, late, nap}) {
            if (p != null) {
                p.close();
            }
        }
        if (rig != null) {
            rig.close();
        }
        TestRig.deleteTree(config);
    }

    private static AgentDefinition agent(SipAccount phone, String queue) {
        return new AgentDefinition(phone.user(), phone.endpoint(), List.of(queue));
    }

    /** The repository's configuration and a flow that checks the AGI arguments. */
    private static Path copyOfConfig() throws Exception {
        Path dir = Files.createTempDirectory("sipagents-config");
        Path from = TestRig.repoRoot().resolve("config");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path flow = Path.of(SipAgentsIT.class.getResource("/flows-sip/argcheck.yaml").toURI());
        Files.copy(flow, dir.resolve("flows/argcheck.yaml"));
        return dir;
    }

    private static JsonNode routing() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + rig.server.adminPort() + "/routing"))
                .header("Authorization", "Bearer " + rig.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static JsonNode phone(String agent) throws Exception {
        return routing().path("phones").path(agent);
    }

    private static RoutingSnapshot.AgentView agent(String id) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(id);
    }

    private static List<String> waiting(String queue) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).waiting().getOrDefault(queue, List.of());
    }

    /** A simulated caller of the main flow pressing {@code keys}; returns the call id. */
    private static String call(String keys) {
        String id = String.format("sp-%06d", IDS.incrementAndGet());
        rig.place(new SimulatedCaller("5552" + String.format("%03d", IDS.get()), keys, 1, 60, 1), id).join();
        return id + "-a";
    }

    private static InteractionRecord record(String callId) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
    }

    private static InteractionRecord recordOfCaller(String number) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> records.all().stream().filter(r -> number.equals(r.callerNumber())).findFirst(),
                        Optional::isPresent).orElseThrow();
    }

    private static List<String> offeredTo(String callId) {
        return rig.server.decisionsFor(callId).stream().map(RoutingDecision::agentId).toList();
    }

    @Test
    @Order(1)
    void aPhoneThatRingsOutPutsTheCallBackAndItsAgentNotReady() throws Exception {
        rig.server.core().agentNotReady("busy", "test");
        await().atMost(5, TimeUnit.SECONDS).until(() -> agent("busy").state() == AgentState.NOT_READY);
        String id = call("1");
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.agent()).isEqualTo("ann");
        assertThat(offeredTo(id)).containsExactly("deaf", "ann");
        assertThat(deaf.missedCalls()).isEqualTo(1);
        assertThat(agent("deaf").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(agent("deaf").notReadyReason()).isEqualTo("no-answer");
        assertThat(r.waitSeconds()).as("it rang 2 s at deaf's phone first").isGreaterThanOrEqualTo(1.9);
    }

    @Test
    @Order(2)
    void aBusyPhoneSendsTheCallToTheNextAgent() throws Exception {
        rig.server.core().agentReady("busy");
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("busy").state() == AgentState.READY
                && agent("ann").state() == AgentState.READY);
        String id = call("1");
        InteractionRecord r = record(id);
        assertThat(r.agent()).isEqualTo("ann");
        assertThat(offeredTo(id)).containsExactly("busy", "ann");
        assertThat(busy.busyCalls()).isEqualTo(1);
        assertThat(agent("busy").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(agent("busy").notReadyReason()).isEqualTo("busy");
    }

    @Test
    @Order(3)
    void aSipCallerPressesOneAndASipAgentAnswers() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("ann").state() == AgentState.READY);
        long answered = ann.answeredCalls();
        try (SipCallers caller = SipCallers.start(rig.sandbox, "100", SipCallers.Call.pressing("5553001",
                Duration.ofMillis(500), "1", Duration.ofSeconds(10)))) {
            InteractionRecord r = recordOfCaller("5553001");
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(r.queue()).isEqualTo("sales");
            assertThat(r.agent()).isEqualTo("ann");
            assertThat(r.ivrPath()).contains("menu", "sales");
            assertThat(r.talkSeconds()).as("ann's phone hangs up after 1 s").isBetween(0.8, 3.0);
            assertThat(ann.answeredCalls()).isEqualTo(answered + 1);
            assertThat(caller.awaitEnd(Duration.ofSeconds(30))).as(caller.errors()).isZero();
        }
    }

    @Test
    @Order(4)
    void anUnregisteredPhoneIsNeverOfferedAndItsAgentComesBackInItsStateWhenItRegisters() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> phone("late").path("status").asText()
                .equals("unregistered"));
        assertThat(phone("late").path("available").asBoolean()).isFalse();
        assertThat(phone("nap").path("status").asText()).isEqualTo("unregistered");
        rig.server.core().agentNotReady("nap", "lunch");
        assertThat(agent("late").state()).isEqualTo(AgentState.READY);

        String id = call("2");
        await().atMost(20, TimeUnit.SECONDS).until(() -> waiting("support").contains(id));
        assertThat(offeredTo(id)).isEmpty();

        nap = SipPhone.start(rig.sandbox, NAP, SipPhone.Behaviour.ANSWER).awaitRegistered();
        late = SipPhone.start(rig.sandbox, LATE, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1)).awaitRegistered();
        InteractionRecord r = record(id);
        assertThat(r.agent()).isEqualTo("late");
        assertThat(offeredTo(id)).containsExactly("late");
        assertThat(phone("late").path("status").asText()).isEqualTo("registered");
        assertThat(phone("nap").path("available").asBoolean()).isTrue();
        assertThat(agent("nap").state()).as("not ready stays not ready").isEqualTo(AgentState.NOT_READY);
        assertThat(agent("nap").notReadyReason()).isEqualTo("lunch");
        assertThat(nap.answeredCalls()).isZero();
    }

    @Test
    @Order(5)
    void aPhoneThatStopsAnsweringTheQualifyIsNotOfferedUntilItIsBack() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("late").state() == AgentState.READY);
        late.kill();
        await().atMost(10, TimeUnit.SECONDS).until(() -> phone("late").path("status").asText()
                .equals("unreachable"));
        String id = call("2");
        await().atMost(20, TimeUnit.SECONDS).until(() -> waiting("support").contains(id));
        assertThat(offeredTo(id)).isEmpty();
        assertThat(agent("late").state()).as("ready stays ready").isEqualTo(AgentState.READY);

        late = SipPhone.start(rig.sandbox, LATE, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1)).awaitRegistered();
        assertThat(record(id).agent()).isEqualTo("late");
        assertThat(offeredTo(id)).containsExactly("late");
    }

    @Test
    @Order(6)
    void aPhoneThatUnregistersIsTakenOutOfRouting() throws Exception {
        late.unregister();
        await().atMost(10, TimeUnit.SECONDS).until(() -> phone("late").path("status").asText()
                .equals("unregistered"));
        String id = call("2");
        await().atMost(20, TimeUnit.SECONDS).until(() -> waiting("support").contains(id));
        assertThat(offeredTo(id)).isEmpty();
        late = SipPhone.start(rig.sandbox, LATE, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1)).awaitRegistered();
        assertThat(record(id).agent()).isEqualTo("late");
    }

    @Test
    @Order(7)
    void aSpoofedCallerIdCannotChangeAnotherAgentsState() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("late").state() == AgentState.READY
                && agent("ann").state() == AgentState.READY);
        // ann's phone dials "not ready, lunch" claiming to be late: ann goes not ready, late stays ready.
        assertThat(ann.dial("*432", "late", Duration.ofSeconds(10))).isZero();
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("ann").state() == AgentState.NOT_READY);
        assertThat(agent("ann").notReadyReason()).isEqualTo("lunch");
        assertThat(agent("late").state()).isEqualTo(AgentState.READY);

        // A caller ID full of commas and another agent's names changes nothing but the phone's own agent.
        assertThat(ann.dial("*42", "x,late,PJSIP/late-00000001,late", Duration.ofSeconds(10))).isZero();
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("ann").state() == AgentState.READY);
        assertThat(agent("late").state()).isEqualTo(AgentState.READY);
        assertThat(agent("nap").notReadyReason()).isEqualTo("lunch");
    }

    @Test
    @Order(8)
    void aCommaInTheCallerIdDoesNotShiftTheAgiArguments() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> agent("ann").state() == AgentState.READY);
        // The flow reaches sales only if the dialled number (100) is the second argument.
        try (SipCallers caller = SipCallers.start(rig.sandbox, "100", new SipCallers.Call("555,0123", List.of(),
                Duration.ofSeconds(8), "argcheck"))) {
            InteractionRecord r = recordOfCaller("555,0123");
            assertThat(r.flow()).isEqualTo("argcheck");
            assertThat(r.queue()).isEqualTo("sales");
            assertThat(r.agent()).isEqualTo("ann");
            assertThat(caller.awaitEnd(Duration.ofSeconds(30))).as(caller.errors()).isZero();
        }
    }
}
