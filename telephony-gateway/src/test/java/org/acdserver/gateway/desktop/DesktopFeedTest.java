package org.acdserver.gateway.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.core.RoutingSnapshot.AgentView;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.call.QueuedCall;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.WrapUpCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desktop feed against a scripted routing state: each agent's viewers get a snapshot, then their own changes and
 * nobody else's; the screen pop carries the call's number, queue and wait and stays while talking; after the talk the
 * wrap-up waits with the queue's codes until it is stored; a viewer that cannot keep up is dropped.
 */
class DesktopFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    private final AtomicLong clock = new AtomicLong(T0);
    private final AtomicReference<Map<String, AgentView>> agents = new AtomicReference<>();
    private final Map<String, CallbackTicket> callbacks = new ConcurrentHashMap<>();
    private final Map<String, QueuedCall> calls = new ConcurrentHashMap<>();
    private final ConfigurationSnapshot configuration = ConfigurationSnapshot.builder(new RoutingConfiguration(
                    List.of(new QueueDefinition("sales", 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of())),
                    List.of(new AgentDefinition("amy", "Local/amy@x/n", List.of("sales")),
                            new AgentDefinition("bob", "Local/bob@x/n", List.of("sales")))))
            .wrapUps(Map.of("sales", new WrapUpCodes(List.of("sale", "no-sale"), true))).build();
    private DesktopFeed feed;

    /** A viewer that keeps what it was sent. */
    private static final class Screen implements DesktopFeed.Viewer {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final AtomicBoolean full = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public boolean send(String json) {
            if (full.get()) {
                return false;
            }
            try {
                messages.add(JSON.readTree(json));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return true;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        JsonNode last() {
            return messages.get(messages.size() - 1);
        }
    }

    @BeforeEach
    void start() {
        set(new AgentView("amy", AgentState.READY, null, null, 0), new AgentView("bob", AgentState.NOT_READY, null,
                "lunch", 0));
        feed = new DesktopFeed(() -> CompletableFuture.completedFuture(new RoutingSnapshot(agents.get(), Map.of(),
                List.of())), calls::get, callbacks::get, () -> configuration, clock::get, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    private void set(AgentView... views) {
        Map<String, AgentView> m = new ConcurrentHashMap<>();
        for (AgentView v : views) {
            m.put(v.id(), v);
        }
        agents.set(m);
    }

    /** Display variables in an order that is not alphabetical, so that the order kept is the flow's. */
    private static Map<String, String> display() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("segment", "gold");
        d.put("customer.name", "Ada Demo");
        d.put("customer.balance", "1250.50");
        return d;
    }

    private static JsonNode awaitView(Screen s, String field, String value) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> !s.messages.isEmpty()
                && value.equals(s.last().path("view").path(field).asText(null)));
        return s.last().path("view");
    }

    @Test
    void eachAgentSeesOnlyTheirOwnDeskWithTheScreenPopAndThenTheWrapUp() throws Exception {
        Screen amy = new Screen();
        Screen bob = new Screen();
        feed.join("amy", amy);
        feed.join("bob", bob);
        await().atMost(10, TimeUnit.SECONDS).until(() -> feed.viewers() == 2);
        feed.refresh();
        awaitView(amy, "state", "ready");
        JsonNode bobsView = awaitView(bob, "state", "not_ready");
        assertThat(bobsView.path("reason").asText()).isEqualTo("lunch");
        // Bob's own desk may reach him as one snapshot or as a snapshot and a view, depending on whether the feed
        // had compared the routing state before he joined; after that, nothing of Amy's may reach him.
        int bobsOwn = bob.messages.size();
        assertThat(amy.messages.get(0).path("type").asText()).isEqualTo("snapshot");
        assertThat(amy.messages.get(0).path("reasons")).extracting(JsonNode::asText)
                .containsExactly("break", "lunch", "training");

        // A call rings at Amy's phone, then she talks: the pop is there from the ring and stays.
        calls.put("c1", new StubCall("c1", "5550142", "sales", Instant.ofEpochMilli(T0 + 1_000),
                List.of("greeting", "menu", "menu=1", "sales"), display()));
        clock.set(T0 + 13_500);
        set(new AgentView("amy", AgentState.RESERVED, "c1", null, 0), agents.get().get("bob"));
        feed.refresh();
        JsonNode ringing = awaitView(amy, "state", "reserved");
        assertThat(ringing.path("call").path("callerNumber").asText()).isEqualTo("5550142");
        assertThat(ringing.path("call").path("queue").asText()).isEqualTo("sales");
        assertThat(ringing.path("call").path("waitedSeconds").asDouble()).isEqualTo(12.5);
        assertThat(ringing.path("call").path("ivrPath")).extracting(JsonNode::asText)
                .containsExactly("greeting", "menu", "menu=1", "sales");
        // What the flow marked for display, in the flow's order.
        assertThat(ringing.path("call").path("display").properties()).extracting(e -> e.getKey() + "=" + e.getValue()
                .asText()).containsExactly("segment=gold", "customer.name=Ada Demo", "customer.balance=1250.50");
        assertThat(ringing.path("since").asLong()).isEqualTo(T0 + 13_500);

        calls.remove("c1");
        clock.set(T0 + 15_000);
        set(new AgentView("amy", AgentState.ON_CALL, "c1", null, 0), agents.get().get("bob"));
        feed.refresh();
        JsonNode talking = awaitView(amy, "state", "on_call");
        assertThat(talking.path("call").path("callerNumber").asText()).as("kept while talking").isEqualTo("5550142");
        assertThat(talking.path("held").asBoolean()).isFalse();
        // She holds the caller (from any of her desktops): every desktop of hers hears of it, the pop stays.
        set(new AgentView("amy", AgentState.ON_CALL, "c1", null, 0, true), agents.get().get("bob"));
        feed.refresh();
        JsonNode held = awaitView(amy, "held", "true");
        assertThat(held.path("state").asText()).isEqualTo("on_call");
        assertThat(held.path("call").path("callerNumber").asText()).isEqualTo("5550142");

        // The talk ends: wrap-up with the queue's codes, until the queue's 60 s are over.
        clock.set(T0 + 75_000);
        set(new AgentView("amy", AgentState.WRAP_UP, null, null, 1), agents.get().get("bob"));
        feed.refresh();
        JsonNode wrapping = awaitView(amy, "state", "wrap_up");
        assertThat(wrapping.path("call").isNull()).isTrue();
        assertThat(wrapping.path("held").asBoolean()).isFalse();
        assertThat(wrapping.path("wrapUp").path("callId").asText()).isEqualTo("c1");
        assertThat(wrapping.path("wrapUp").path("codes")).extracting(JsonNode::asText).containsExactly("sale", "no-sale");
        assertThat(wrapping.path("wrapUp").path("required").asBoolean()).isTrue();
        assertThat(wrapping.path("wrapUpUntil").asLong()).isEqualTo(T0 + 75_000 + 60_000);
        assertThat(feed.pendingWrapUp("amy").get(5, TimeUnit.SECONDS).callId()).isEqualTo("c1");

        feed.wrapped("amy", "c1");
        await().atMost(10, TimeUnit.SECONDS).until(() -> amy.last().path("view").path("wrapUp").isNull());
        assertThat(feed.pendingWrapUp("amy").get(5, TimeUnit.SECONDS)).isNull();

        // Bob heard only his own desk: never Amy's call, her number or her name.
        assertThat(bob.messages).allSatisfy(m -> {
            assertThat(m.path("view").path("agentId").asText()).isEqualTo("bob");
            assertThat(m.toString()).doesNotContain("c1").doesNotContain("5550142").doesNotContain("amy");
        });
        assertThat(bob.messages).hasSize(bobsOwn);
    }

    @Test
    void aCallbacksPopShowsTheRequestTimeAndTheConfirmedNumberOnceItsLegIsOnRecord() throws Exception {
        Screen amy = new Screen();
        feed.join("amy", amy);
        feed.refresh();
        awaitView(amy, "state", "ready");

        // The core reserved Amy before the callback's leg is on record: a pop without a number, for now.
        clock.set(T0 + 1_000);
        set(new AgentView("amy", AgentState.RESERVED, "cb-7", null, 0), agents.get().get("bob"));
        feed.refresh();
        JsonNode early = awaitView(amy, "state", "reserved");
        assertThat(early.path("call").path("callerNumber").asText()).isEmpty();
        assertThat(early.path("call").path("callback").isNull()).isTrue();

        Map<String, String> whispered = new LinkedHashMap<>();
        whispered.put("customer.name", "Ada Demo");
        callbacks.put("cb-7", new CallbackTicket("cb-7", "c0", "sales", "5550143", 2, Map.of(),
                Instant.ofEpochMilli(T0 - 120_000), Instant.ofEpochMilli(T0 - 60_000), null, whispered));
        clock.set(T0 + 2_000);
        feed.refresh();
        await().atMost(10, TimeUnit.SECONDS).until(() -> amy.last().path("view").path("call").path("callback")
                .isObject());
        JsonNode pop = amy.last().path("view").path("call");
        assertThat(pop.path("callback").path("requestedAt").asLong()).isEqualTo(T0 - 60_000);
        assertThat(pop.path("callback").path("number").asText()).isEqualTo("5550143");
        assertThat(pop.path("callerNumber").asText()).isEqualTo("5550143");
        assertThat(pop.path("queue").asText()).isEqualTo("sales");
        assertThat(pop.path("display").path("customer.name").asText()).isEqualTo("Ada Demo");

        // Once the leg answered it is off the dialer's record; the pop stays, and the wrap-up is the queue's.
        callbacks.remove("cb-7");
        set(new AgentView("amy", AgentState.ON_CALL, "cb-7", null, 0), agents.get().get("bob"));
        feed.refresh();
        JsonNode talking = awaitView(amy, "state", "on_call");
        assertThat(talking.path("call").path("callback").path("number").asText()).isEqualTo("5550143");
        set(new AgentView("amy", AgentState.WRAP_UP, null, null, 1), agents.get().get("bob"));
        feed.refresh();
        JsonNode wrapping = awaitView(amy, "state", "wrap_up");
        assertThat(wrapping.path("wrapUp").path("callId").asText()).isEqualTo("cb-7");
        assertThat(wrapping.path("wrapUp").path("codes")).extracting(JsonNode::asText).containsExactly("sale", "no-sale");
    }

    @Test
    void aViewerThatCannotKeepUpIsClosedAndAReconnectGetsAFreshSnapshot() {
        Screen slow = new Screen();
        feed.join("amy", slow);
        feed.refresh();
        awaitView(slow, "state", "ready");
        slow.full.set(true);
        set(new AgentView("amy", AgentState.NOT_READY, null, "break", 0), agents.get().get("bob"));
        feed.refresh();
        await().atMost(10, TimeUnit.SECONDS).until(() -> slow.closed.get() && feed.viewers() == 0);

        Screen again = new Screen();
        feed.join("amy", again);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !again.messages.isEmpty());
        assertThat(again.messages.get(0).path("type").asText()).isEqualTo("snapshot");
        assertThat(again.messages.get(0).path("view").path("reason").asText()).isEqualTo("break");
        assertThat(feed.pushed()).isGreaterThanOrEqualTo(2);
    }
}
