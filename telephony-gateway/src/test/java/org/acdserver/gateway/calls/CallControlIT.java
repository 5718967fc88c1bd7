package org.acdserver.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Call control from the agent desktop on a real Asterisk, shown with Asterisk's own manager events: the agent holds
 * the caller (the caller's channel starts music on hold, the agent-state history says {@code on_hold}), resumes
 * (caller and agent channel enter one bridge again) and hangs up (the record stays answered, with the hold time apart
 * from the talk time, and the agent goes to wrap-up). Agents are Local channels that answer at once.
 */
class CallControlIT {

    private static final String PASSWORD = "correct horse battery";
    private static TestRig rig;
    private static final List<AmiMessage> EVENTS = new CopyOnWriteArrayList<>();
    private static EventLoopGroup group;
    /** Watches every event, as the server's own manager user gets only those it uses. */
    private static AmiClient watch;

    @BeforeAll
    static void start() throws Exception {
        // Sales keeps its agents 60 s in wrap-up, so that the wrap-up after a hang-up is there to see.
        rig = TestRig.start("calls",
                List.of(new QueueDefinition("sales", 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of())),
                List.of(new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales"))));
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser("amy", PASSWORD, Role.AGENT.wireName(), "amy", Set.of())).join();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        watch = new AmiClient(new AmiSettings(rig.sandbox.amiHost(), rig.sandbox.amiPort(),
                rig.sandbox.amiWatchUser(), rig.sandbox.amiSecret(), Duration.ofSeconds(3), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofSeconds(5)), group);
        watch.addListener(EVENTS::add);
        watch.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (watch != null) {
            watch.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theAgentHoldsResumesAndHangsUpTheirCallFromTheDesktop() throws Exception {
        WebClient web = new WebClient("http://127.0.0.1:" + rig.server.adminPort());
        WebClient.Session amy = web.login("amy", PASSWORD);
        // Without a call there is nothing to hold.
        HttpResponse<String> none = web.send("POST", "/agent/call/hold", amy, Map.of());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(409);

        rig.place(new SimulatedCaller("5550177", "1", 1, 60, 60), "ctrl-000001").join();
        String callId = "ctrl-000001-a";
        await().atMost(20, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.ON_CALL);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);

        // Hold: the agent's channel leaves the bridge, and the caller's channel plays music on hold (Dial played it
        // while the phone rang, so only later events count).
        long musicBefore = count("MusicOnHoldStart", callId);
        long stopsBefore = count("MusicOnHoldStop", callId);
        long bridgesBefore = count("BridgeEnter", callId);
        HttpResponse<String> hold = web.send("POST", "/agent/call/hold", amy, Map.of());
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> count("MusicOnHoldStart", callId) == musicBefore + 1
                && count("BridgeLeave", callId) == bridgesBefore);
        HttpResponse<String> again = web.send("POST", "/agent/call/hold", amy, Map.of());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        await().atMost(30, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_hold desktop " + callId)::equals);
        long heldAt = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(2)).atMost(5, TimeUnit.SECONDS).until(() -> true);

        // Resume: the music stops and caller and agent share a bridge again.
        HttpResponse<String> resume = web.send("POST", "/agent/call/resume", amy, Map.of());
        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
        double heldSeconds = (System.nanoTime() - heldAt) / 1e9;
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> count("MusicOnHoldStop", callId)
                == stopsBefore + 1 && count("BridgeEnter", callId) == bridgesBefore + 1);
        String bridge = bridgeOf(callId);
        await().atMost(10, TimeUnit.SECONDS).until(() -> EVENTS.stream().anyMatch(e -> "BridgeEnter".equals(
                e.eventName()) && bridge.equals(e.get("BridgeUniqueid")) && e.get("Channel").startsWith("Local/amy@")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_call desktop " + callId)::equals);
        assertThat(state("amy")).isEqualTo(AgentState.ON_CALL);

        // Hang up: the caller's call ends as answered, the agent goes to wrap-up.
        HttpResponse<String> hangUp = web.send("POST", "/agent/call/hangup", amy, Map.of());
        assertThat(hangUp.statusCode()).as(hangUp.body()).isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.WRAP_UP);
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
        assertThat(record.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(record.agent()).isEqualTo("amy");
        double sinceAnswer = Duration.between(record.answeredAt(), record.endedAt()).toMillis() / 1000.0;
        // Talk time leaves the hold out.
        assertThat(record.talkSeconds()).isLessThan(sinceAnswer - 1.5);
        assertThat(heldSeconds).isGreaterThan(2);
        HttpResponse<String> after = web.send("POST", "/agent/call/hangup", amy, Map.of());
        assertThat(after.statusCode()).as(after.body()).isEqualTo(409);
    }

    /** The events of the test's channels so far, for a failure's message. */
    private static String events() {
        StringBuilder b = new StringBuilder();
        for (AmiMessage e : EVENTS) {
            String ch = String.valueOf(e.get("Channel"));
            if (ch.startsWith("Local/") && !"Newexten".equals(e.eventName()) && !"VarSet".equals(e.eventName())) {
                b.append(e.eventName()).append(' ').append(ch).append(' ').append(e.get("Uniqueid")).append('\n');
            }
        }
        return b.toString();
    }

    private static AgentState state(String agent) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(agent).state();
    }

    private static long count(String event, String uniqueId) {
        return EVENTS.stream().filter(e -> event.equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid"))).count();
    }

    /** The bridge the channel last entered, or null. */
    private static String bridgeOf(String uniqueId) {
        String bridge = null;
        for (AmiMessage e : EVENTS) {
            if ("BridgeEnter".equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid"))) {
                bridge = e.get("BridgeUniqueid");
            }
        }
        return bridge;
    }

    /** The state, cause and call of the agent's last row in the agent-state history, or null before one. */
    private static String lastState(String agent) throws Exception {
        String sql = "SELECT state, cause, call_id FROM agent_state WHERE agent = ? ORDER BY at DESC, id DESC LIMIT 1";
        try (Connection c = rig.server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null;
            }
        }
    }
}
