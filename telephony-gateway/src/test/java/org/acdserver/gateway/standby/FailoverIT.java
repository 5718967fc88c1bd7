package org.acdserver.gateway.standby;

import static org.acdserver.gateway.standby.StandbyPair.agent;
import static org.acdserver.gateway.standby.StandbyPair.count;
import static org.acdserver.gateway.standby.StandbyPair.metric;
import static org.acdserver.gateway.standby.StandbyPair.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.acdserver.gateway.ServerProcess;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackView;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.sandbox.CallbackCaller;
import org.acdserver.sandbox.ManagerAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes on one PostgreSQL and one Asterisk, the dialplan trying the standby when a call's session
 * ends unfinished. With a pending callback and 20 callers waiting (the one agent stepped away), the active server is
 * killed with SIGKILL: the standby takes the lease, the callers come back to it at their places, the agent's choice
 * and the callback are intact, and once the agent is ready the callback and all 20 callers are served in the order
 * the killed server kept, each exactly once.
 */
@ExtendWith(StandbyPair.Shared.class)
class FailoverIT {

    private static final int CALLERS = 20;
    private static final String CALLBACK_NUMBER = "5559201";
    private static final String AGENT_ENDPOINT = "Local/sam@sim-agent-callback";

    @Test
    void theStandbyServesEveryWaitingCallerInTheirOrderOnceTheActiveIsKilled(StandbyPair pair) throws Exception {
        Path dir = Files.createTempDirectory("acd-failover");
        StandbyPair.Installation site = pair.install(dir);
        int[] http = site.http();
        int[] admin = site.admin();
        AmiClient ami = pair.ami();
        ServerProcess active = null;
        ServerProcess standby = null;
        try {
            Path dirA = site.active();
            Path dirB = site.standby();

            // The agent's dials, by calling channel, and each caller's answered legs.
            List<String> served = new CopyOnWriteArrayList<>();
            Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
            List<String> customerDials = new CopyOnWriteArrayList<>();
            ami.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    String dest = e.get("DestChannel");
                    if (dest == null) {
                        return;
                    }
                    String caller = e.get("Uniqueid");
                    if ("DialBegin".equals(e.eventName()) && dest.startsWith(AGENT_ENDPOINT) && caller != null
                            && caller.startsWith("fo-")) {
                        served.add(caller);
                    } else if ("DialEnd".equals(e.eventName()) && dest.startsWith(AGENT_ENDPOINT)
                            && "ANSWER".equals(e.get("DialStatus")) && caller != null && caller.startsWith("fo-")) {
                        answered.computeIfAbsent(caller, k -> new AtomicInteger()).incrementAndGet();
                    } else if ("DialBegin".equals(e.eventName())
                            && dest.startsWith("Local/" + CALLBACK_NUMBER + "@sim-customer")) {
                        customerDials.add(dest);
                    }
                }
            });

            active = ServerProcess.start(dirA, http[0], "a", dir.resolve("server-a.log"));
            assertThat(metric(http[0], "acd_lease_active")).as("the first server routes").isEqualTo(1.0);
            standby = ServerProcess.startStandby(dirB, http[1], "b", dir.resolve("server-b.log"));
            assertThat(metric(http[1], "acd_lease_active")).as("the second one stands by").isEqualTo(0.0);

            // The agent steps away (reason 2), so every caller waits.
            ami.originate(OriginateRequest.toApplication("Local/*432@acd-agent-codes/n", null, "Wait", "3", 10_000)
                    .withVariable("ACD_AGENT", "sam")).get(5, TimeUnit.SECONDS);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> "NOT_READY".equals(agent(admin[0]).path("state").asText()));
            String reason = agent(admin[0]).path("notReadyReason").asText();
            assertThat(reason).isNotBlank();

            // A caller asks for a callback and hangs up: it is pending, first in line.
            ManagerAction asking = new CallbackCaller(CALLBACK_NUMBER, "1", 3, 5, "1", 15).originate("cb-0001");
            ami.send(AmiAction.of(asking.name(), asking.headers())).get(5, TimeUnit.SECONDS);
            CallbackStore callbacks = new CallbackStore(site.data());
            CallbackView pending = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> callbacks.forNumber(CALLBACK_NUMBER).stream().findFirst(), Optional::isPresent)
                    .orElseThrow();
            assertThat(pending.state()).isEqualTo("pending");

            // 20 callers join the queue. Each presses 1 three seconds after answering: inside the menu's one Read
            // (5 s) even when 20 sessions start at once on a loaded machine, not before it starts.
            List<String> callers = new ArrayList<>();
            for (int i = 1; i <= CALLERS; i++) {
                String id = String.format("fo-%04d-a", i);
                callers.add(id);
                ami.send(AmiAction.of("Originate").with("Channel", "Local/s@sim-caller/n")
                        .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                        .with("CallerID", "\"Caller " + i + "\" <55510" + String.format("%02d", i) + ">")
                        .with("Async", "true").with("Timeout", "30000").with("ChannelId", id)
                        .with("OtherChannelId", String.format("fo-%04d-b", i))
                        .variable("DIGITS", "1").variable("KEY_DELAY", "3").variable("HOLD_SECS", "300")
                        .variable("__TALK_SECS", "1")).get(5, TimeUnit.SECONDS);
            }
            // The line: the callback (it waits in line too), then the callers in the order the server kept.
            List<String> line = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> waiting(admin[0]), w -> w.size() == CALLERS + 1);
            assertThat(line.get(0)).isEqualTo(pending.id());
            List<String> order = line.subList(1, line.size());
            assertThat(order).containsExactlyInAnyOrderElementsOf(callers);
            DataSource data = site.data();
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(data, "SELECT count(*) FROM waiting_place"), n -> n == CALLERS);

            long killed = System.nanoTime();
            active.kill();
            active = null;

            // The standby takes over; the callers come back to it at their places, the agent still away.
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                    .until(() -> metric(http[1], "acd_lease_active") == 1.0);
            long tookLease = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                    .until(() -> waiting(admin[1]).stream().anyMatch(id -> id.startsWith("fo-")));
            long firstBack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            List<String> back = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> waiting(admin[1]), w -> w.size() == CALLERS + 1);
            long allBack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.printf("failover: SIGKILL -> standby holds the lease %d ms, first caller back in line %d ms,"
                    + " all %d back %d ms%n", tookLease, firstBack, CALLERS, allBack);
            assertThat(metric(http[1], "acd_lease_active")).isEqualTo(1.0);
            assertThat(back).as("the line on the standby").containsExactlyElementsOf(line);
            JsonNode sam = agent(admin[1]);
            assertThat(sam.path("state").asText()).as("the agent's choice survives").isEqualTo("NOT_READY");
            assertThat(sam.path("notReadyReason").asText()).isEqualTo(reason);
            assertThat(callbacks.find(pending.id())).get().extracting(CallbackView::state).isEqualTo("pending");
            assertThat(served).as("nobody served while the agent is away").isEmpty();

            // The agent is ready: the callback first, then every caller in the old order, each once.
            ami.originate(OriginateRequest.toApplication("Local/*42@acd-agent-codes/n", null, "Wait", "3", 10_000)
                    .withVariable("ACD_AGENT", "sam")).get(5, TimeUnit.SECONDS);
            await().atMost(180, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                    .until(() -> answered.size() == CALLERS);
            assertThat(served).as("served in the order the killed server kept").containsExactlyElementsOf(order);
            assertThat(answered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            CallbackView done = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> callbacks.find(pending.id()), v -> v.isPresent()
                            && !v.get().state().equals("pending") && !v.get().state().equals("dialing"))
                    .orElseThrow();
            assertThat(done.state()).isEqualTo("completed");
            assertThat(customerDials).as("the callback dialed once").hasSize(1);
            InteractionQueries records = new InteractionQueries(data);
            for (String id : order) {
                await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                        .until(() -> records.byCallId(id).isPresent());
                assertThat(records.byCallId(id)).get().extracting(r -> r.outcome())
                        .as("record of %s", id).isEqualTo(InteractionOutcome.ANSWERED);
            }
            assertThat(count(data, "SELECT count(*) FROM waiting_place")).as("no place left behind").isZero();
        } catch (Exception | AssertionError e) {
            throw StandbyPair.failure(e, dir);
        } finally {
            for (ServerProcess p : new ServerProcess[] {active, standby}) {
                if (p != null) {
                    p.kill();
                }
            }
            TestRig.deleteTree(dir);
        }
    }
}
