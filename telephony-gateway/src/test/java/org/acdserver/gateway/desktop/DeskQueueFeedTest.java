package org.acdserver.gateway.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.QueueStatus;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "My queues" against a scripted queue status: each agent gets the queues they serve and no other, a desktop that
 * opens gets them at once, a change reaches every desktop of the agents serving that queue, nothing is sent in a tick
 * where nothing changed, the status is read once per tick however many desktops are open, and a desktop that cannot
 * keep up is closed. (That the status is read once per tick whatever the number of desktops is measured by
 * {@code DesktopLoad}: the server's {@code acd.desktops.queue.statuses}.)
 */
class DeskQueueFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TICK = Duration.ofMillis(40);

    private final AtomicReference<List<QueueStatus>> status = new AtomicReference<>(List.of(
            status("sales", 0, 0, 2), status("support", 0, 0, 1), status("vip", 0, 0, 0)));
    private final AtomicInteger reads = new AtomicInteger();
    private final ConfigurationSnapshot configuration = ConfigurationSnapshot.builder(new RoutingConfiguration(
            List.of(queue("sales"), queue("support"), queue("vip")),
            List.of(new AgentDefinition("amy", "Local/amy@x/n", List.of("support", "sales")),
                    new AgentDefinition("bob", "Local/bob@x/n", List.of("sales")),
                    new AgentDefinition("cid", "Local/cid@x/n", List.of("vip"))))).build();
    private final DeskQueueFeed feed = new DeskQueueFeed(() -> {
        reads.incrementAndGet();
        return CompletableFuture.completedFuture(status.get());
    }, () -> configuration, () -> 42L, TICK);

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

        /** The last message's queues as "queue waiting/oldest/ready". */
        List<String> lines() {
            return JSON.convertValue(last().path("queues"), List.class).stream()
                    .map(o -> {
                        JsonNode q = JSON.valueToTree(o);
                        return q.path("queue").asText() + " " + q.path("waiting").asInt() + "/"
                                + q.path("oldestEnqueuedAt").asLong() + "/" + q.path("ready").asInt();
                    }).toList();
        }
    }

    private static QueueDefinition queue(String id) {
        return new QueueDefinition(id, 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of());
    }

    private static QueueStatus status(String queue, int waiting, long oldest, int ready) {
        return new QueueStatus(queue, waiting, oldest, Map.of(AgentActivity.READY, ready, AgentActivity.ON_CALL, 1));
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    /** Waits until the feed has read the status {@code n} more times (so that {@code n - 1} whole ticks went by). */
    private void awaitReads(int n) {
        int target = reads.get() + n;
        await().atMost(10, TimeUnit.SECONDS).until(() -> reads.get() >= target);
    }

    @Test
    void eachAgentGetsTheQueuesTheyServeAtOnceAndEachChangeOfThemOnly() {
        Screen amy = new Screen();
        Screen bob = new Screen();
        Screen cid = new Screen();
        feed.join("amy", amy);
        feed.join("bob", bob);
        feed.join("cid", cid);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !amy.messages.isEmpty() && !bob.messages.isEmpty()
                && !cid.messages.isEmpty());
        assertThat(amy.last().path("type").asText()).isEqualTo("queues");
        assertThat(amy.last().path("at").asLong()).isEqualTo(42L);
        assertThat(amy.last().path("agentId").asText()).isEqualTo("amy");
        assertThat(bob.last().path("agentId").asText()).isEqualTo("bob");
        // In queue id order, whatever the order in agents.yaml.
        assertThat(amy.lines()).containsExactly("sales 0/0/2", "support 0/0/1");
        assertThat(bob.lines()).containsExactly("sales 0/0/2");
        assertThat(cid.lines()).containsExactly("vip 0/0/0");

        // Two calls wait in sales: Amy and Bob see it, Cid does not.
        int cidHad = cid.messages.size();
        status.set(List.of(status("sales", 2, 1_000, 0), status("support", 0, 0, 1), status("vip", 0, 0, 0)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> amy.lines().contains("sales 2/1000/0")
                && bob.lines().contains("sales 2/1000/0"));
        assertThat(amy.lines()).containsExactly("sales 2/1000/0", "support 0/0/1");
        assertThat(bob.lines()).containsExactly("sales 2/1000/0");
        awaitReads(3);
        assertThat(cid.messages).as("messages to an agent whose queues did not change").hasSize(cidHad);
    }

    @Test
    void aTickWhereNothingChangedSendsNothingAndANewDesktopGetsTheQueuesAlone() {
        List<Screen> screens = List.of(new Screen(), new Screen(), new Screen(), new Screen());
        for (Screen s : screens) {
            feed.join("bob", s);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> screens.stream().noneMatch(s -> s.messages.isEmpty()));
        awaitReads(5);
        assertThat(screens).allSatisfy(s -> assertThat(s.messages).as("one message each, nothing after").hasSize(1));

        // A second desktop of the same agent opens: it gets the queues, the open ones get nothing new.
        Screen late = new Screen();
        feed.join("bob", late);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !late.messages.isEmpty());
        assertThat(late.lines()).containsExactly("sales 0/0/2");
        awaitReads(2);
        assertThat(screens).allSatisfy(s -> assertThat(s.messages).hasSize(1));
    }

    @Test
    void aDesktopThatLeftGetsNothingAndNoStatusIsReadWithoutDesktops() {
        Screen bob = new Screen();
        feed.join("bob", bob);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !bob.messages.isEmpty());
        int before = reads.get();
        feed.leave("bob", bob);
        status.set(List.of(status("sales", 1, 5_000, 0)));
        // Ticks go by with no desktop open: at most the read already on its way when Bob left, and no message.
        await().during(TICK.multipliedBy(6)).atMost(10, TimeUnit.SECONDS)
                .until(() -> reads.get() <= before + 1 && bob.messages.size() == 1);
    }

    @Test
    void aDesktopThatCannotKeepUpIsClosedAndTheOthersStillGetTheirQueues() {
        Screen slow = new Screen();
        Screen fine = new Screen();
        feed.join("amy", slow);
        feed.join("amy", fine);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !slow.messages.isEmpty() && !fine.messages.isEmpty());
        slow.full.set(true);
        status.set(List.of(status("sales", 1, 7_000, 1), status("support", 0, 0, 1)));
        await().atMost(10, TimeUnit.SECONDS).until(slow.closed::get);
        await().atMost(10, TimeUnit.SECONDS).until(() -> fine.lines().contains("sales 1/7000/1"));
        status.set(List.of(status("sales", 0, 0, 2), status("support", 0, 0, 1)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> fine.lines().contains("sales 0/0/2"));
        assertThat(slow.messages).hasSize(1);
    }
}
