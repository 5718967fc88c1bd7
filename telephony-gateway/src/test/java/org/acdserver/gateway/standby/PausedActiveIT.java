package org.acdserver.gateway.standby;

import static org.acdserver.gateway.standby.StandbyPair.count;
import static org.acdserver.gateway.standby.StandbyPair.metric;
import static org.acdserver.gateway.standby.StandbyPair.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.gateway.ServerProcess;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes, the active one paused (SIGSTOP) while its agent talks and three callers wait. The standby
 * takes the lease; the agent's call ends while the old server sleeps; the old server is woken (SIGCONT) to a free
 * agent and a line of callers. It rings nobody (its lease is gone: the fence), exits with the lease-lost status and
 * hands its callers over; they reach the standby together, in whatever order their sessions end, and the standby
 * serves them in their old order (the queue waits a moment for restored callers who come back together), each rung
 * exactly once. The fence on the database, a holder that wakes after the takeover writing nothing, is
 * {@link RoutingLeaseIT}'s.
 */
@ExtendWith(StandbyPair.Shared.class)
class PausedActiveIT {

    private static final String AGENT_ENDPOINT = "Local/sam@sim-agent-callback";

    @Test
    void aPausedActiveThatWakesAfterTheTakeoverExitsAndTheStandbyServesEachCallerOnce(StandbyPair pair)
            throws Exception {
        Path dir = Files.createTempDirectory("acd-paused");
        // A lease of 6 s, not 3: the test pauses the active server itself, and a pause of the whole machine of a few
        // seconds while the two servers start must not hand the lease over before the test begins.
        StandbyPair.Installation site = pair.install(dir, "seconds: 6, renewSeconds: 1");
        int[] http = site.http();
        int[] admin = site.admin();
        AmiClient ami = pair.ami();
        ServerProcess active = null;
        ServerProcess standby = null;
        boolean paused = false;
        try {
            Path dirA = site.active();
            Path dirB = site.standby();

            List<String> rung = new CopyOnWriteArrayList<>();
            List<String> answered = new CopyOnWriteArrayList<>();
            AtomicInteger agentHangups = new AtomicInteger();
            ami.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage e) {
                    String dest = e.get("DestChannel");
                    String caller = e.get("Uniqueid");
                    if ("DialBegin".equals(e.eventName()) && dest != null && dest.startsWith(AGENT_ENDPOINT)) {
                        rung.add(caller);
                    } else if ("DialEnd".equals(e.eventName()) && dest != null && dest.startsWith(AGENT_ENDPOINT)
                            && "ANSWER".equals(e.get("DialStatus"))) {
                        answered.add(caller);
                    } else if ("Hangup".equals(e.eventName()) && e.get("Channel") != null
                            && e.get("Channel").startsWith(AGENT_ENDPOINT) && e.get("Channel").endsWith(";2")) {
                        agentHangups.incrementAndGet();
                    }
                }
            });
            active = ServerProcess.start(dirA, http[0], "a", dir.resolve("server-a.log"));
            standby = ServerProcess.startStandby(dirB, http[1], "b", dir.resolve("server-b.log"));
            assertThat(metric(http[1], "acd_lease_active")).as("the standby stands by").isEqualTo(0.0);

            // The agent takes the first call (12 s of talk); three more callers wait behind it.
            originate(ami, "fp-0001", 12);
            await().atMost(30, TimeUnit.SECONDS).until(() -> answered.contains("fp-0001-a"));
            List<String> waiting = new ArrayList<>();
            for (int i = 2; i <= 4; i++) {
                String id = String.format("fp-%04d", i);
                originate(ami, id, 1);
                waiting.add(id + "-a");
                await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                        .until(() -> waiting(admin[0]).size() == waiting.size());
            }
            assertThat(waiting(admin[0])).containsExactlyElementsOf(waiting);
            await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> count(site.data(), "SELECT count(*) FROM waiting_place") == 3);

            signal("STOP", active);
            paused = true;
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> metric(http[1], "acd_lease_active") == 1.0);
            // The agent's call ends while the old server sleeps: on waking it sees a free agent and its line.
            await().atMost(30, TimeUnit.SECONDS).until(() -> agentHangups.get() >= 1);
            assertThat(rung).as("nobody rung while the old server sleeps").containsExactly("fp-0001-a");

            signal("CONT", active);
            paused = false;
            assertThat(active.awaitExit(Duration.ofSeconds(60))).as("the old server exits: lease lost").isEqualTo(3);
            active = null;
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> answered.size() == 4);
            // Long enough for a second ring of any of them, were one coming.
            await().during(5, TimeUnit.SECONDS).atMost(7, TimeUnit.SECONDS).until(() -> rung.size() == 4);
            assertThat(rung.subList(1, 4)).as("rung once each, by the standby, in their old order")
                    .containsExactlyElementsOf(waiting);
            assertThat(answered.subList(1, 4)).containsExactlyElementsOf(waiting);
        } catch (Exception | AssertionError e) {
            throw StandbyPair.failure(e, dir);
        } finally {
            if (active != null) {
                if (paused) {
                    signal("CONT", active);
                }
                active.kill();
            }
            if (standby != null) {
                standby.kill();
            }
            TestRig.deleteTree(dir);
        }
    }

    private static void originate(AmiClient ami, String id, int talkSeconds) throws Exception {
        ami.send(AmiAction.of("Originate").with("Channel", "Local/s@sim-caller/n")
                .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                .with("CallerID", "\"Caller\" <5552" + id.substring(id.length() - 3) + ">").with("Async", "true")
                .with("Timeout", "30000").with("ChannelId", id + "-a").with("OtherChannelId", id + "-b")
                .variable("DIGITS", "1").variable("KEY_DELAY", "3").variable("HOLD_SECS", "300")
                .variable("__TALK_SECS", Integer.toString(talkSeconds))).get(5, TimeUnit.SECONDS);
    }

    private static void signal(String signal, ServerProcess p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor())
                .as("kill -%s", signal).isZero();
    }
}
