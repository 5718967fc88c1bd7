package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * How long after the offer the screen pop is on the agent's screen: callers press 1 for sales, one Local-channel
 * agent takes each call, and the page's next animation frame after the pop is rendered is stamped in the browser.
 * The offer's instant is the call's enqueue time (its record's {@code enqueued_at}) plus the wait the routing
 * decision reports; browser and server share this machine's clock. {@code -Dacd.screenPopCalls=50} for the figure;
 * the default is a smoke-size run of 5 calls.
 */
class ScreenPopLatencyIT {

    private static final String PASSWORD = "correct horse battery";
    private static final int CALLS = Integer.getInteger("acd.screenPopCalls", 5);
    /** Stamps the first frame painted after the pop of each call appears. */
    private static final String OBSERVE = """
            window.popSeen = {};
            new MutationObserver(() => {
              const call = document.body.dataset.call;
              if (call && !(call in window.popSeen)) {
                window.popSeen[call] = 0;
                requestAnimationFrame(() => { window.popSeen[call] = performance.timeOrigin + performance.now(); });
              }
            }).observe(document.body, { attributes: true, attributeFilter: ['data-call'] });
            """;
    private static TestRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("screenpop", List.of(new QueueDefinition("sales", 10, 30),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales"))));
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser("amy", PASSWORD, Role.AGENT.wireName(), "amy", Set.of())).join();
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theScreenPopIsOnScreenSoonAfterTheOffer() throws Exception {
        String url = "http://127.0.0.1:" + rig.server.adminPort();
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        try (Browser browser = Browser.headless()) {
            browser.logIn(url, "amy", PASSWORD).open(url + "/agent");
            browser.text(By.id("connection"), "live");
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript(OBSERVE);
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= CALLS; i++) {
                String id = String.format("pop-%06d", i);
                rig.place(new SimulatedCaller("55520" + String.format("%02d", i % 100), "1", 1, 120, 2), id).join();
                ids.add(id + "-a");
                // The next caller once this call has ended (its record is written), so that every offer meets a
                // free agent and a ready page: the figure is the pop's, not a queue's.
                await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                        .until(() -> records.byCallId(id + "-a").isPresent());
            }
            List<Long> latencies = new ArrayList<>();
            for (String callId : ids) {
                InteractionRecord r = await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                        .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
                List<RoutingDecision> decisions = rig.server.decisionsFor(callId);
                assertThat(decisions).as(callId).isNotEmpty();
                long offeredAt = r.enqueuedAt().toEpochMilli() + decisions.get(decisions.size() - 1).waitedMillis();
                Object seen = js.executeScript("return window.popSeen[arguments[0]]", callId);
                assertThat(seen).as("the pop of " + callId + " was on screen").isNotNull();
                long seenAt = Math.round(((Number) seen).doubleValue());
                assertThat(seenAt).as("the pop of " + callId + " was painted").isPositive();
                latencies.add(seenAt - offeredAt);
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            System.out.printf("screen pop latency over %d calls (offer to the frame painted): median %d ms, "
                            + "min %d ms, p90 %d ms, max %d ms; all %s%n", sorted.size(), median, sorted.get(0),
                    sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)),
                    sorted.get(sorted.size() - 1), latencies);
            assertThat(sorted.get(0)).as("the pop never comes before the offer").isGreaterThanOrEqualTo(-5);
            assertThat(median).as("median offer-to-pop latency").isLessThan(1_000);
        }
    }
}
