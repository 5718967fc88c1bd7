package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.store.FlowVersions;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.VoicemailBox;
import org.acdserver.sandbox.SimulatedCaller;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


/**
 * Flows on the real call path: a real Asterisk 22 and a real PostgreSQL. The flows are the repository's, in a copy
 * of its configuration whose office hours are always open, plus an after-hours line whose schedule never opens.
 * Callers are Local channels that press keys with SendDTMF ({@code w} waits half a second); agents answer at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowsIT {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static Path config;
    private static TestRig rig;
    private static InteractionQueries records;

    @BeforeAll
    static void start() throws Exception {
        config = Files.createTempDirectory("acd-flows-it");
        Path repo = TestRig.repoRoot().resolve("config");
        try (var files = Files.walk(repo)) {
            for (Path f : files.toList()) {
                Path target = config.resolve(repo.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Files.writeString(config.resolve("schedules.yaml"), """
                schedules:
                  office:
                    zone: UTC
                    weekly: {mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"],
                             thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"],
                             sun: ["00:00-24:00"]}
                  never:
                    zone: UTC
                """);
        // The same queues and agents as the rig's, so that a reload keeps them.
        Files.writeString(config.resolve("queues.yaml"), """
                queues:
                  - {id: sales, ringTimeoutSeconds: 10, noAnswerPauseSeconds: 30, fallback: flow}
                  - {id: support, ringTimeoutSeconds: 10, noAnswerPauseSeconds: 30, fallback: flow}
                  - {id: waitline, ringTimeoutSeconds: 10, noAnswerPauseSeconds: 30, fallback: flow}
                """);
        Files.writeString(config.resolve("agents.yaml"), """
                agents:
                  - {id: salesagent, endpoint: Local/salesagent@sim-agent/n, queues: [sales]}
                  - {id: supportagent, endpoint: Local/supportagent@sim-agent/n, queues: [support]}
                """);
        Files.writeString(config.resolve("flows/afterhours.yaml"), """
                name: afterhours
                start: hours
                steps:
                  hours: {type: hours, schedule: never, open: agent, closed: closed}
                  agent: {type: queue, queue: support, next: bye}
                  closed: {type: voicemail, mailbox: care, prompts: [vm-nobodyavail], maxSeconds: 5, next: bye}
                  bye: {type: hangup, prompts: [vm-goodbye]}
                """);
        // A queue nobody serves, with position and expected wait announced every 2 s.
        Files.writeString(config.resolve("flows/announced.yaml"), """
                name: announced
                start: wait
                steps:
                  wait: {type: queue, queue: waitline, announceEvery: 2, next: bye}
                  bye: {type: hangup}
                """);
        Files.writeString(config.resolve("flows/handoff.yaml"), """
                name: handoff
                start: to-desk
                steps:
                  to-desk: {type: transfer, to: "201", prompts: [pbx-transfer]}
                """);
        // The sandbox's own sound files: every prompt of every flow must exist there.
        Path sounds = provisionedRoot().resolve("usr/share/asterisk/sounds");
        Files.writeString(config.resolve("acd.yaml"), Files.readString(config.resolve("acd.yaml"))
                .replace("sounds: []", "sounds: [\"" + sounds + "\"]"));
        rig = TestRig.start("flows",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30),
                        new QueueDefinition("waitline", 10, 30)),
                List.of(new AgentDefinition("salesagent", "Local/salesagent@sim-agent/n", List.of("sales")),
                        new AgentDefinition("supportagent", "Local/supportagent@sim-agent/n", List.of("support"))),
                config);
        records = new InteractionQueries(rig.server.database().dataSource());
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    /** The Asterisk root file system the sandbox runs in, as the provisioning script reports it. */
    private static Path provisionedRoot() throws Exception {
        Process p = new ProcessBuilder(TestRig.repoRoot().resolve("scripts/asterisk-provision.sh").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        TestRig.deleteTree(config);
    }

    private static String call(String number, String flow, String keys, int keyDelay, int hold, int talk) {
        String id = String.format("fw-%06d", IDS.incrementAndGet());
        rig.place(new SimulatedCaller(number, keys, keyDelay, hold, talk, flow), id).join();
        return id + "-a";
    }

    private static InteractionRecord record(String callId) {
        return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
    }

    private static List<String> waitingInSupport() throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).waiting().get("support");
    }

    private static void agentReady(String agent) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                .agents().get(agent).state() == AgentState.READY);
    }

    @Test
    @Order(1)
    void aTwoLevelMenuLeadsToTheQueue() {
        // Main menu 1 (account), account menu 2 (an agent), no answer to the survey offer.
        String id = call("5550101", "care", "1ww2", 1, 40, 1);
        InteractionRecord r = record(id);
        assertThat(r.flow()).isEqualTo("care");
        assertThat(r.ivrPath()).containsSubsequence("lookup", "main-menu", "main-menu=1", "account-menu",
                "account-menu=2", "consent", "agent", "agent=connected", "survey", "survey=skipped", "goodbye");
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.queue()).isEqualTo("support");
        assertThat(r.agent()).isEqualTo("supportagent");
        assertThat(r.survey()).isEmpty();
    }

    @Test
    @Order(2)
    void aKnownCallerHearsTheBalanceLookedUpAndIsServedWithoutAnAgent() {
        // Main menu 1 (account), account menu 1 (balance): 1250.50 is spoken as "1251 dollars".
        String id = call("5550100", "care", "1ww1", 1, 30, 1);
        InteractionRecord r = record(id);
        assertThat(r.ivrPath()).containsSubsequence("vip-priority", "main-menu=1", "account-menu=1", "known",
                "balance", "goodbye");
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.SELF_SERVICE);
        assertThat(r.lastStep()).isEqualTo("goodbye");
        assertThat(r.queue()).isNull();
    }

    @Test
    @Order(3)
    void aLookupInTheCustomerTableGivesAVipCallerPriority() throws Exception {
        agentReady("supportagent");
        // The agent steps away, so both callers wait: first a plain one, then a VIP the look-up recognises.
        rig.server.core().agentNotReady("supportagent", "break");
        await().atMost(10, TimeUnit.SECONDS).until(() -> rig.server.core().snapshot().get(5, TimeUnit.SECONDS)
                .agents().get("supportagent").state() == AgentState.NOT_READY);
        String plain = call("5550102", "care", "2", 1, 60, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> waitingInSupport().contains(plain));
        String vip = call("5550100", "care", "2", 1, 60, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> waitingInSupport().contains(vip));
        assertThat(waitingInSupport()).as("the VIP is ahead of the earlier caller").containsExactly(vip, plain);
        rig.server.core().agentReady("supportagent");
        InteractionRecord p = record(plain);
        InteractionRecord v = record(vip);
        assertThat(v.agent()).isEqualTo("supportagent");
        assertThat(v.ivrPath()).contains("vip-priority");
        assertThat(p.ivrPath()).doesNotContain("vip-priority");
        assertThat(v.enqueuedAt()).isAfter(p.enqueuedAt());
        assertThat(v.answeredAt()).isBefore(p.answeredAt());
    }

    @Test
    @Order(4)
    void aWaitingCallerHearsTheirPositionAndExpectedWaitAtTheStepsInterval() throws Exception {
        double before = rig.server.meters().counter("acd.queue.announcements").count();
        String id = call("5550109", "announced", "", 1, 7, 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
        assertThat(r.queue()).isEqualTo("waitline");
        // About 7 s on hold with one every 2 s: at least two announcements, and Asterisk played the stock prompts.
        assertThat(rig.server.meters().counter("acd.queue.announcements").count() - before)
                .isGreaterThanOrEqualTo(2);
        String log = Files.readString(rig.sandbox.logFile());
        assertThat(log).contains("queue-youarenext");
    }

    @Test
    @Order(4)
    void theClosedBranchOfOpeningHoursTakesAMessage() throws Exception {
        String id = call("5550103", "afterhours", "", 1, 20, 1);
        InteractionRecord r = record(id);
        assertThat(r.ivrPath()).containsExactly("hours", "hours=closed", "closed", "bye");
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.SELF_SERVICE);
        assertThat(r.queue()).isNull();
        VoicemailBox box = new VoicemailBox(rig.server.database().dataSource(), Runnable::run);
        VoicemailBox.Message m = await().atMost(10, TimeUnit.SECONDS).until(() -> box.byCallId(id),
                Optional::isPresent).orElseThrow();
        assertThat(m.mailbox()).isEqualTo("care");
        assertThat(m.callerNumber()).isEqualTo("5550103");
        assertThat(m.file()).startsWith("acd-voicemail-care-");
        assertThat(m.status()).isEqualTo("new");
    }

    @Test
    @Order(5)
    void invalidKeysThenTheFallback() {
        String id = call("5550104", "main", "7ww8ww9", 1, 30, 1);
        InteractionRecord r = record(id);
        assertThat(r.ivrPath()).containsExactly("welcome", "menu", "menu=invalid:7", "menu=invalid:8",
                "menu=invalid:9", "goodbye");
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.SELF_SERVICE);
        assertThat(r.queue()).isNull();
    }

    @Test
    @Order(6)
    void aSurveyAnsweredAfterTheAgentLegIsStoredWithTheRecord() {
        agentReady("supportagent");
        // 2: an agent; 1: yes to the survey; the agent talks 2 s; then 4 (CSAT) and 9# (NPS).
        String id = call("5550102", "care", "2ww1" + "w".repeat(11) + "4ww9#", 1, 40, 2);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(r.ivrPath()).containsSubsequence("consent=1", "agent=connected", "survey", "survey.csat=4",
                "survey.nps=9", "goodbye");
        assertThat(r.survey()).containsEntry("csat", 4).containsEntry("nps", 9).doesNotContainKey("ces");
    }

    @Test
    @Order(7)
    void aReloadDuringACallLeavesItOnItsVersionAndNewCallsTakeTheNewOne() throws Exception {
        agentReady("salesagent");
        agentReady("supportagent");
        Path main = config.resolve("flows/main.yaml");
        String original = Files.readString(main);
        int before = rig.server.flowVersions().history("main").size();
        // The caller presses 1 only after 4 s: long after the reload below.
        String old = call("5550105", "main", "1", 4, 30, 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> rig.server.agi().activeSessions() > 0);
        // The new version swaps the keys: 1 for support, 2 for sales.
        Files.writeString(main, original.replace("\"1\": sales\n      \"2\": support",
                "\"1\": support\n      \"2\": sales"));
        assertThat(rig.server.reload()).contains("flows");
        String fresh = call("5550106", "main", "1", 1, 30, 1);

        assertThat(record(old).queue()).isEqualTo("sales");
        assertThat(record(fresh).queue()).isEqualTo("support");
        List<FlowVersions.Activation> history = rig.server.flowVersions().history("main");
        assertThat(history).hasSize(before + 1);
        assertThat(history.get(history.size() - 1).contentHash())
                .isNotEqualTo(history.get(history.size() - 2).contentHash());
        assertThat(history.get(history.size() - 1).activatedBy()).isEqualTo("reload");

        // A broken file never replaces the working version.
        Files.writeString(main, original.replace("fallback: goodbye", "fallback: nowhere"));
        Assertions.assertThatThrownBy(() -> rig.server.reload())
                .hasMessageContaining("main.yaml:21:5").hasMessageContaining("unknown step 'nowhere'");
        assertThat(rig.server.activeFlows().get("main").text()).contains("\"1\": support");
        String stillNew = call("5550108", "main", "1", 1, 30, 1);
        assertThat(record(stillNew).queue()).isEqualTo("support");

        // Rolling back brings the first version back for new calls, and is recorded too.
        assertThat(rig.server.rollback()).contains("main@");
        agentReady("salesagent");
        String back = call("5550107", "main", "1", 1, 30, 1);
        assertThat(record(back).queue()).isEqualTo("sales");
        List<FlowVersions.Activation> after = rig.server.flowVersions().history("main");
        assertThat(after.get(after.size() - 1).activatedBy()).isEqualTo("rollback");
        assertThat(after.get(after.size() - 1).contentHash()).isEqualTo(FlowVersions.hash(
                rig.server.activeFlows().get("main")));
        Files.writeString(main, original);
    }

    @Test
    @Order(8)
    void aTransferSendsTheCallOnInTheDialplan() throws Exception {
        assertThat(rig.server.configuration().flowResources().soundDirs()).singleElement()
                .satisfies(d -> assertThat(d).isDirectory());
        CompletableFuture<String> transferred = new CompletableFuture<>();
        rig.server.ami().addListener(event -> {
            if ("AcdTransfer".equals(event.get("UserEvent"))) {
                transferred.complete(event.get("Destination"));
            }
        });
        String id = call("5550109", "handoff", "", 1, 10, 1);
        InteractionRecord r = record(id);
        assertThat(r.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(r.transferredTo()).isEqualTo("201");
        assertThat(r.lastStep()).isEqualTo("to-desk");
        assertThat(transferred.get(20, TimeUnit.SECONDS)).isEqualTo("201");
    }

    @Test
    @Order(9)
    void noAgiSessionIsLeftOpen() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.agi().activeSessions() == 0);
    }
}
