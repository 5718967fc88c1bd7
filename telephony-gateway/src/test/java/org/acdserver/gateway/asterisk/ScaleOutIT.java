package org.acdserver.gateway.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.SharedPostgres;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.config.AsteriskServer;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskPair;
import org.acdserver.sandbox.AsteriskSandbox;
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
 * One routing server, two Asterisk instances joined by a PJSIP trunk, Kamailio in front: SIP callers reach both
 * Asterisks through Kamailio, and the agents on both (a SIPp phone registered on each) serve them across servers, in
 * arrival order. Then one Asterisk is killed: Kamailio stops sending to it, its agent is unavailable, and the other
 * keeps serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final SipAccount ON_A = new SipAccount("a1", "a1-pw-secret");
    private static final SipAccount ON_B = new SipAccount("b1", "b1-pw-secret");
    private static final Map<String, String> ANSWERED_LEGS = new ConcurrentHashMap<>();
    private static Path data;
    private static AsteriskPair two;
    private static AcdServer server;
    private static InteractionQueries records;
    private static SipPhone phoneA;
    private static SipPhone phoneB;
    private static int callers;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("acd-scaleout");
        int agiPort = AsteriskSandbox.freePort();
        two = AsteriskPair.start("scaleout", agiPort, List.of(ON_A), List.of(ON_B));
        LoadedConfiguration base = new ConfigurationLoader(k -> null).load(TestRig.repoRoot().resolve("config"));
        ServerSettings settings = base.settings().toBuilder()
                .agi("127.0.0.1", agiPort)
                .publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0)
                .asterisks(servers(two))
                .database(SharedPostgres.freshDatabase(data.resolve("spool")))
                .build();
        ConfigurationSnapshot configuration = base.configuration().toBuilder()
                .routing(new RoutingConfiguration(List.of(new QueueDefinition("sales", 10, 600, 0,
                        SelectionStrategy.LONGEST_IDLE, 0)), List.of(
                        new AgentDefinition("a1", ON_A.endpoint(), List.of("sales")),
                        new AgentDefinition("b1", ON_B.endpoint(), List.of("sales")))))
                .build();
        server = AcdServer.start(settings, configuration);
        // The agent leg each caller's own Asterisk answered: the caller's unique id to the dialed channel.
        server.links().addListener(new AmiListener() {
            @Override
            public void onEvent(AmiMessage e) {
                if ("DialEnd".equals(e.eventName()) && "ANSWER".equals(e.get("DialStatus"))
                        && e.get("Uniqueid") != null && e.get("DestChannel") != null) {
                    ANSWERED_LEGS.put(e.get("Uniqueid"), e.get("DestChannel"));
                }
            }
        });
        records = new InteractionQueries(server.database().dataSource());
        phoneA = SipPhone.start(two.a, ON_A, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1)).awaitRegistered();
        phoneB = SipPhone.start(two.b, ON_B, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(1)).awaitRegistered();
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.links().isConnected()
                && server.links().locations().locations("a1").equals(List.of("a"))
                && server.links().locations().locations("b1").equals(List.of("b"))
                && two.kamailio.active(two.a.sipPort()) && two.kamailio.active(two.b.sipPort()));
    }

    /** The routing server's view of the pair: named a and b, as their systemnames. */
    static List<AsteriskServer> servers(AsteriskPair pair) {
        return List.of(server("a", pair.a), server("b", pair.b));
    }

    private static AsteriskServer server(String name, AsteriskSandbox s) {
        return new AsteriskServer(name, new ServerSettings.Ami(s.amiHost(), s.amiPort(), s.amiUser(), s.amiSecret()),
                null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {phoneA, phoneB, server, two}) {
            if (c != null) {
                c.close();
            }
        }
        if (server != null) {
            SharedPostgres.drop(server.settings().database());
        }
        TestRig.deleteTree(data);
    }

    private static AgentState state(String agent) throws Exception {
        return server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(agent).state();
    }

    private static List<String> waiting() throws Exception {
        return server.core().snapshot().get(5, TimeUnit.SECONDS).waiting().getOrDefault("sales", List.of());
    }

    /** SIP callers of the main flow who press 1 (sales) and wait up to a minute, through Kamailio. */
    private static SipCallers callThroughKamailio(int n) {
        List<SipCallers.Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(SipCallers.Call.pressing(String.format("55570%02d", ++callers), Duration.ofMillis(300), "1",
                    Duration.ofSeconds(60)));
        }
        return SipCallers.start(two.b, two.kamailio.sipPort(), "100", calls, 4);
    }

    private static List<InteractionRecord> answeredBy(String agent) {
        return records.all().stream().filter(r -> r.outcome() == InteractionOutcome.ANSWERED
                && agent.equals(r.agent())).sorted(Comparator.comparing(InteractionRecord::answeredAt)).toList();
    }

    /** The dial string the call's agent was rung with: across the trunk when caller and phone are apart. */
    /**
     * What the caller's own Asterisk dialed for the answered agent leg, as the endpoint it dialed: the agent's phone
     * ({@code PJSIP/b1}) or the trunk to the agent's server with the phone in the URI ({@code PJSIP/b1@acd-b}). The
     * decision log holds the core's choice; the trunk is added after it, so the channel Asterisk reports is asked.
     */
    private static String dialed(String callId) {
        String channel = await().atMost(5, TimeUnit.SECONDS).until(() -> ANSWERED_LEGS.get(callId),
                c -> c != null);
        String agent = server.decisionsFor(callId).getLast().endpoint();
        String endpoint = channel.substring(0, channel.lastIndexOf('-'));
        return endpoint.equals(agent) ? agent : agent + "@" + endpoint.substring("PJSIP/".length());
    }

    @Test
    @Order(1)
    void callersThroughKamailioReachBothAsterisksAndEachAgentServesBothInArrivalOrder() throws Exception {
        server.core().agentNotReady("a1", "test");
        server.core().agentNotReady("b1", "test");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("a1") == AgentState.NOT_READY
                && state("b1") == AgentState.NOT_READY);
        try (SipCallers first = callThroughKamailio(10)) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> waiting().size() == 10);
            List<String> line = waiting();
            assertThat(line).as("callers on both Asterisks, by their unique ids")
                    .anyMatch(id -> id.startsWith("a-")).anyMatch(id -> id.startsWith("b-"));

            // b1 alone serves every caller, on both servers, one after the other in the order they arrived.
            server.core().agentReady("b1");
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> answeredBy("b1").size() == 10);
            assertThat(answeredBy("b1")).extracting(InteractionRecord::callId).containsExactlyElementsOf(line);
            for (String id : line) {
                assertThat(dialed(id)).as("call %s rang b1 on its own server or through the trunk to b", id)
                        .isEqualTo(id.startsWith("a-") ? "PJSIP/b1@acd-b" : "PJSIP/b1");
            }
            assertThat(phoneB.answeredCalls()).isEqualTo(10);
        }

        // And a1 on server a serves callers on both the same way.
        server.core().agentNotReady("b1", "test");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("b1") == AgentState.NOT_READY);
        server.core().agentReady("a1");
        try (SipCallers second = callThroughKamailio(8)) {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> answeredBy("a1").size() == 8);
            List<InteractionRecord> served = answeredBy("a1");
            assertThat(served).extracting(InteractionRecord::enqueuedAt).isSorted();
            assertThat(served).extracting(InteractionRecord::callId)
                    .anyMatch(id -> id.startsWith("a-")).anyMatch(id -> id.startsWith("b-"));
            for (InteractionRecord r : served) {
                assertThat(dialed(r.callId())).isEqualTo(r.callId().startsWith("b-") ? "PJSIP/a1@acd-a" : "PJSIP/a1");
            }
        }
    }

    @Test
    @Order(2)
    void whenOneAsteriskDiesKamailioStopsSendingThereItsAgentIsUnavailableAndTheOtherKeepsServing()
            throws Exception {
        server.core().agentReady("b1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("a1") == AgentState.READY
                && state("b1") == AgentState.READY);
        int servedBefore = answeredBy("b1").size();
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", Long.toString(two.a.pid())).start().waitFor();

        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> !two.kamailio.active(two.a.sipPort()));
        long kamailioMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> server.links().locations().locations("a1").isEmpty());
        assertThat(server.links().phones().get("a1").available()).isFalse();
        System.out.printf("Asterisk a killed: Kamailio took it out after %d ms%n", kamailioMillis);

        try (SipCallers after = callThroughKamailio(4)) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> answeredBy("b1").size() == servedBefore + 4);
            List<InteractionRecord> last = answeredBy("b1").subList(servedBefore, servedBefore + 4);
            assertThat(last).extracting(InteractionRecord::callId).allMatch(id -> id.startsWith("b-"));
            for (InteractionRecord r : last) {
                assertThat(server.decisionsFor(r.callId())).as("a1's phone is gone with Asterisk a: never offered")
                        .extracting(RoutingDecision::agentId).containsOnly("b1");
            }
            assertThat(after.awaitEnd(Duration.ofSeconds(60))).as(after.errors()).isZero();
        }
    }
}
