package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.Staffing;
import org.acdserver.core.StaffingAdvice;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.SharedPostgres;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted day on the real Asterisk sandbox and PostgreSQL, and every measure of its report checked against what
 * the script says, worked out by hand below.
 *
 * <p>Time: the server runs on a {@link ManualClock} that the script moves, so that the waits, talks, holds,
 * wrap-ups and pauses it stores are exactly the script's, although Asterisk plays the calls in real time in a few
 * seconds each; a jump of three days puts a repeat caller outside the 72-hour first-contact window. The script only
 * moves the clock once the server has taken the event before (a call waits in line, an agent is on the call), and
 * ends calls itself (AMI Hangup of the agent's leg or of the caller), so every stamp is the one it set.
 *
 * <p>Configuration: queue {@code sales}, 80% in 20 s, short abandons under 5 s, 10 s of wrap-up, a two-hour pause
 * after a ring-no-answer, callbacks (one attempt; the agent hears only "calling", the whisper takes no scripted
 * time); agents {@code ann} (a phone that answers) and {@code bob} (a phone that never does); the report zone is
 * Europe/Berlin (UTC+1 on 2 March 2026). Survey answers are keyed in when the survey's question starts (AMI
 * {@code AGIExecStart}, then {@code PlayDTMF}).
 *
 * <p>The day, local time (→ is what the server records):
 * <pre>
 * 07:55:00 server starts: ann and bob signed in, ready
 * 07:56:00 bob not ready "training" (supervisor)
 * 07:59:00 ann dials *431: not ready "break" (feature code)
 * 08:00:00 call 1 (5550001, survey) queues; 08:00:12 ann ready → answered after 12 s; talks to 08:03:12;
 *          survey CSAT 5, NPS 9, CES 2; wrap-up to 08:03:22
 * 08:10:00 ann not ready "lunch"
 * 08:15:00 call 2 (5550001 again: a repeat inside the window) queues; 08:15:20 bob ready → rings;
 *          08:15:30 bob's phone rings out → not ready "no-answer" (a missed offer); 08:15:45 ann ready →
 *          answered after 45 s (late); talks to 08:17:45; wrap-up to 08:17:55
 * 08:20:00 ann not ready "lunch"
 * 08:30:00 call 3 queues, hangs up at 08:30:40: abandoned
 * 08:35:00 call 4 queues, hangs up at 08:35:03: a short abandon
 * 08:40:00 call 5 hangs up in the IVR menu; 08:41:00 call 6 is served by the IVR (self-service);
 * 08:42:00 call 7 is transferred
 * 08:45:00 call 8 (5551008) asks for a callback; 08:46:00 call 9 (6661009) asks for a callback
 * 08:50:00 ann ready → callback 8 rings ann, who answers; the customer answers → completed; wrap-up to 08:50:10
 * 08:50:10 callback 9 rings ann, who answers; the customer never answers → failed (last attempt), ann ready
 * 09:00:00 call 10 (5550010, survey) answered at once; on hold 09:00:20-09:00:35; talks to 09:01:00;
 *          survey CSAT 2, NPS 3, CES 4; wrap-up to 09:01:10
 * 09:30:00 bob signs out (desktop)
 * 5 March 10:00:00 call 11 (5550010 again, 73 hours later: outside the window) answered at once
 * </pre>
 * Finally the server is restarted on the same data: the day's report is unchanged.
 */
class ScriptedDayIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Path config;
    private static Path data;
    private static AsteriskSandbox sandbox;
    private static LoadedConfiguration loaded;
    private static ServerSettings settings;
    private static AcdServer server;
    private static ManualClock clock;
    private static ScriptedCalls script;
    private static JsonNode dayReport;

    private static Instant at(String localTime) {
        return at("2026-03-02", localTime);
    }

    private static Instant at(String date, String localTime) {
        return LocalDateTime.parse(date + "T" + localTime).atZone(BERLIN).toInstant();
    }

    @BeforeAll
    static void start() throws Exception {
        config = Files.createTempDirectory("acd-scripted-day");
        data = Files.createTempDirectory("acd-scripted-day-data");
        Path repo = TestRig.repoRoot().resolve("config");
        for (String f : List.of("acd.yaml", "skills.yaml", "schedules.yaml", "queries.yaml")) {
            Files.copy(repo.resolve(f), config.resolve(f));
        }
        Files.writeString(config.resolve("acd.yaml"), Files.readString(config.resolve("acd.yaml"))
                .replace("timeZone: UTC", "timeZone: Europe/Berlin"));
        Files.writeString(config.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    ringTimeoutSeconds: 10
                    noAnswerPauseSeconds: 7200
                    wrapUpSeconds: 10
                    fallback: flow
                    serviceLevel: {percent: 80, seconds: 20}
                    shortAbandonSeconds: 5
                    callback:
                      key: "9"
                      dial: "Local/{number}@sim-customer/n"
                      attempts: 1
                      retrySeconds: 60
                      ringSeconds: 4
                      whisper: [calling]
                """);
        Files.writeString(config.resolve("agents.yaml"), """
                agents:
                  - {id: ann, endpoint: Local/ann@sim-agent-callback/n, queues: [sales]}
                  - {id: bob, endpoint: Local/bob@sim-agent-noanswer/n, queues: [sales]}
                """);
        Path flows = Files.createDirectories(config.resolve("flows"));
        Files.writeString(flows.resolve("plain.yaml"), """
                name: plain
                start: agent
                steps:
                  agent: {type: queue, queue: sales, next: bye}
                  bye: {type: hangup}
                """);
        Files.writeString(flows.resolve("surveyed.yaml"), """
                name: surveyed
                start: agent
                steps:
                  agent: {type: queue, queue: sales, next: survey}
                  survey:
                    type: survey
                    questions:
                      - {kind: csat, prompts: [beep]}
                      - {kind: nps, prompts: [beep]}
                      - {kind: ces, prompts: [beep]}
                    next: bye
                  bye: {type: hangup}
                """);
        Files.writeString(flows.resolve("menu.yaml"), """
                name: menu
                start: menu
                steps:
                  menu:
                    type: menu
                    prompts: [vm-press, digits/1]
                    choices: {"1": agent}
                    timeout: 10
                    retries: 0
                    fallback: bye
                  agent: {type: queue, queue: sales, next: bye}
                  bye: {type: hangup}
                """);
        Files.writeString(flows.resolve("info.yaml"), """
                name: info
                start: hello
                steps:
                  hello: {type: play, prompts: [hello], next: bye}
                  bye: {type: hangup}
                """);
        Files.writeString(flows.resolve("handoff.yaml"), """
                name: handoff
                start: out
                steps:
                  out: {type: transfer, to: "201"}
                """);
        loaded = new ConfigurationLoader(k -> null).load(config);
        int agiPort = AsteriskSandbox.freePort();
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("scripted-day").withAgi("127.0.0.1",
                agiPort));
        settings = loaded.settings().toBuilder()
                .agi("127.0.0.1", agiPort)
                .publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0)
                .ami(new ServerSettings.Ami(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiUser(),
                        sandbox.amiSecret()))
                .database(SharedPostgres.freshDatabase(data.resolve("spool")))
                .build();
        clock = new ManualClock(at("07:55:00"));
        server = AcdServer.start(settings, loaded.configuration(), clock);
        script = new ScriptedCalls(sandbox, () -> server, clock);
        await().atMost(30, TimeUnit.SECONDS).until(() -> server.ami().isConnected());
        playTheDay();
    }

    @AfterAll
    static void stop() throws Exception {
        if (script != null) {
            script.close();
        }
        if (server != null) {
            server.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (settings != null) {
            SharedPostgres.drop(settings.database());
        }
        TestRig.deleteTree(config);
        TestRig.deleteTree(data);
    }

    // ---- the script ---------------------------------------------------------------------------------------------

    private static void playTheDay() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> script.activity("ann") == AgentActivity.READY
                && script.activity("bob") == AgentActivity.READY);
        script.moveTo(at("07:56:00"));
        server.core().agentNotReady("bob", "training", AgentStateCause.SUPERVISOR);
        script.awaitActivity("bob", AgentActivity.NOT_READY);
        script.moveTo(at("07:59:00"));
        script.featureCode("ann", "*431");
        script.awaitActivity("ann", AgentActivity.NOT_READY);

        script.moveTo(at("08:00:00"));
        String call1 = script.call("5550001", "surveyed", List.of("5", "9", "2"));
        script.awaitWaiting(call1);
        script.moveTo(at("08:00:12"));
        server.core().agentReady("ann", AgentStateCause.SUPERVISOR);
        script.awaitOnCall("ann", call1);
        script.moveTo(at("08:03:12"));
        script.hangUpAgent("ann");
        script.awaitRecord(call1);
        script.moveTo(at("08:03:22"));
        script.awaitActivity("ann", AgentActivity.READY);

        script.moveTo(at("08:10:00"));
        script.pause("ann", "lunch");
        script.moveTo(at("08:15:00"));
        String call2 = script.call("5550001", "plain", null);
        script.awaitWaiting(call2);
        script.moveTo(at("08:15:20"));
        server.core().agentReady("bob", AgentStateCause.SUPERVISOR);
        script.awaitActivity("bob", AgentActivity.RINGING);
        script.moveTo(at("08:15:30"));
        // Bob's phone rings out (the queue's 10 s, in real time) and the call is back in line.
        await().atMost(40, TimeUnit.SECONDS).until(() -> script.activity("bob") == AgentActivity.NOT_READY);
        script.awaitWaiting(call2);
        script.moveTo(at("08:15:45"));
        server.core().agentReady("ann", AgentStateCause.SUPERVISOR);
        script.awaitOnCall("ann", call2);
        script.moveTo(at("08:17:45"));
        script.hangUpAgent("ann");
        script.awaitRecord(call2);
        script.moveTo(at("08:17:55"));
        script.awaitActivity("ann", AgentActivity.READY);

        script.moveTo(at("08:20:00"));
        script.pause("ann", "lunch");
        script.moveTo(at("08:30:00"));
        String call3 = script.call("5550003", "plain", null);
        script.awaitWaiting(call3);
        script.moveTo(at("08:30:40"));
        script.hangUpCaller(call3);
        script.awaitRecord(call3);
        script.moveTo(at("08:35:00"));
        String call4 = script.call("5550004", "plain", null);
        script.awaitWaiting(call4);
        script.moveTo(at("08:35:03"));
        script.hangUpCaller(call4);
        script.awaitRecord(call4);

        script.moveTo(at("08:40:00"));
        String call5 = script.call("5550005", "menu", null, 2);
        assertThat(script.awaitRecord(call5).outcome()).isEqualTo(InteractionOutcome.ABANDONED_IN_IVR);
        script.moveTo(at("08:41:00"));
        assertThat(script.awaitRecord(script.call("5550006", "info", null)).outcome()).isEqualTo(InteractionOutcome.SELF_SERVICE);
        script.moveTo(at("08:42:00"));
        assertThat(script.awaitRecord(script.call("5550007", "handoff", null)).outcome())
                .isEqualTo(InteractionOutcome.TRANSFERRED);

        script.moveTo(at("08:45:00"));
        String call8 = script.callbackCaller("5551008");
        assertThat(script.awaitRecord(call8).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        script.moveTo(at("08:46:00"));
        String call9 = script.callbackCaller("6661009");
        assertThat(script.awaitRecord(call9).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        await().atMost(20, TimeUnit.SECONDS).until(() -> script.waiting().size() == 2);

        script.moveTo(at("08:50:00"));
        server.core().agentReady("ann", AgentStateCause.SUPERVISOR);
        // The callback rings ann, she answers, the customer answers and talks 3 s (real), then wrap-up.
        await().atMost(60, TimeUnit.SECONDS).until(() -> script.activity("ann") == AgentActivity.WRAP_UP);
        await().atMost(30, TimeUnit.SECONDS).until(() -> script.callbackLegs(InteractionOutcome.ANSWERED) == 1);
        script.moveTo(at("08:50:10"));
        // The second callback: ann answers, the customer never does (4 s), its only attempt fails.
        await().atMost(60, TimeUnit.SECONDS).until(() -> script.callbackLegs(InteractionOutcome.FAILED) == 1);
        script.awaitActivity("ann", AgentActivity.READY);

        script.moveTo(at("09:00:00"));
        String call10 = script.call("5550010", "surveyed", List.of("2", "3", "4"));
        script.awaitOnCall("ann", call10);
        script.moveTo(at("09:00:20"));
        server.core().agentHold("ann", true, AgentStateCause.DESKTOP);
        script.awaitActivity("ann", AgentActivity.ON_HOLD);
        script.moveTo(at("09:00:35"));
        server.core().agentHold("ann", false, AgentStateCause.DESKTOP);
        script.awaitActivity("ann", AgentActivity.ON_CALL);
        script.moveTo(at("09:01:00"));
        script.hangUpAgent("ann");
        script.awaitRecord(call10);
        script.moveTo(at("09:01:10"));
        script.awaitActivity("ann", AgentActivity.READY);

        script.moveTo(at("09:30:00"));
        server.core().agentLoggedOut("bob", AgentStateCause.DESKTOP);
        script.awaitActivity("bob", AgentActivity.LOGGED_OUT);

        script.moveTo(at("2026-03-05", "10:00:00"));
        String call11 = script.call("5550010", "plain", null);
        script.awaitOnCall("ann", call11);
        script.moveTo(at("2026-03-05", "10:01:00"));
        script.hangUpAgent("ann");
        script.awaitRecord(call11);
        script.moveTo(at("2026-03-05", "10:01:10"));
        script.awaitActivity("ann", AgentActivity.READY);
        script.moveTo(at("2026-03-05", "10:05:00"));
        script.awaitStored();
        dayReport = script.report("from=2026-03-02&to=2026-03-03&interval=1d");
    }

    // ---- the report, worked out by hand from the script ---------------------------------------------------------

    @Test
    void theQueuesMeasuresAreTheScripts() {
        JsonNode sales = ScriptedCalls.row(dayReport, "queues", "queue", "sales");
        assertThat(sales.get("start").asText()).isEqualTo("2026-03-01T23:00:00Z");
        // Calls 1, 2, 3, 4, 8, 9 and 10 entered the queue; 1 (12 s), 2 (45 s) and 10 (0 s) were answered.
        assertThat(sales.get("offered").asLong()).isEqualTo(7);
        assertThat(sales.get("answered").asLong()).isEqualTo(3);
        assertThat(sales.get("answeredInTarget").asLong()).isEqualTo(2);
        assertThat(sales.get("abandoned").asLong()).as("call 3, 40 s").isEqualTo(1);
        assertThat(sales.get("shortAbandoned").asLong()).as("call 4, 3 s").isEqualTo(1);
        assertThat(sales.get("callbacksRequested").asLong()).isEqualTo(2);
        assertThat(sales.get("serviceLevel").asDouble()).as("2 of 3 answered").isEqualTo(2.0 / 3);
        assertThat(sales.get("serviceLevel2").asDouble()).as("2 of 3 answered + 1 abandoned").isEqualTo(0.5);
        assertThat(sales.get("asaSeconds").asDouble()).isEqualTo((12 + 45 + 0) / 3.0);
        assertThat(sales.get("abandonmentRate").asDouble()).as("1 of 7 offered less 1 short").isEqualTo(1.0 / 6);
        assertThat(sales.get("longestWaitSeconds").asDouble()).isEqualTo(45.0);
        // Handled: calls 1, 2, 10 and callback 8. Talk 180 + 120 + 45 + 0 (callback 8's talk took no scripted
        // time), hold 15, wrap-up 4 x 10.
        assertThat(sales.get("handled").asLong()).isEqualTo(4);
        assertThat(sales.get("talkSeconds").asDouble()).isEqualTo(345.0 / 4);
        assertThat(sales.get("holdSeconds").asDouble()).isEqualTo(15.0 / 4);
        assertThat(sales.get("wrapUpSeconds").asDouble()).isEqualTo(40.0 / 4);
        assertThat(sales.get("ahtSeconds").asDouble()).isEqualTo(400.0 / 4);
        assertThat(sales.get("callbackSuccessRate").asDouble()).isEqualTo(0.5);
        // Contacts: calls 1, 2, 10 and callback 8; call 1 was followed by call 2 within 72 h; call 10's number
        // called again 73 hours later, outside the window.
        assertThat(sales.get("fcrContacts").asLong()).isEqualTo(4);
        assertThat(sales.get("fcrRepeated").asLong()).isEqualTo(1);
        assertThat(sales.get("fcrRate").asDouble()).isEqualTo(0.75);
        assertThat(sales.get("csatResponses").asLong()).isEqualTo(2);
        assertThat(sales.get("npsResponses").asLong()).isEqualTo(2);
        assertThat(sales.get("cesResponses").asLong()).isEqualTo(2);
        assertThat(sales.get("csatMean").asDouble()).isEqualTo(3.5);
        assertThat(sales.get("csatTopShare").asDouble()).isEqualTo(0.5);
        assertThat(sales.get("nps").asDouble()).as("one promoter (9), one detractor (3)").isEqualTo(0.0);
        assertThat(sales.get("cesMean").asDouble()).isEqualTo(3.0);
        assertThat(sales.get("targetPercent").asInt()).isEqualTo(80);
        assertThat(sales.get("targetSeconds").asInt()).isEqualTo(20);
    }

    @Test
    void theCallsAndAgentsMeasuresAreTheScripts() {
        JsonNode calls = dayReport.get("calls").get(0);
        assertThat(dayReport.get("calls")).hasSize(1);
        assertThat(calls.get("calls").asLong()).as("calls 1 to 10").isEqualTo(10);
        assertThat(calls.get("selfService").asLong()).isEqualTo(1);
        assertThat(calls.get("selfServiceRatio").asDouble()).isEqualTo(0.1);
        assertThat(calls.get("abandonedInIvr").asLong()).isEqualTo(1);
        assertThat(calls.get("transferred").asLong()).isEqualTo(1);

        JsonNode ann = ScriptedCalls.row(dayReport, "agents", "agent", "ann");
        // Signed in from 07:55:00 to midnight.
        assertThat(ann.get("loggedInSeconds").asDouble()).isCloseTo(16 * 3600 + 5 * 60, within(1e-6));
        assertThat(ann.get("notReadyByReason").get("break").asDouble()).isEqualTo(72.0);
        assertThat(ann.get("notReadyByReason").get("lunch").asDouble()).isEqualTo(345.0 + 1800);
        assertThat(ann.get("talkSeconds").asDouble()).isEqualTo(345.0);
        assertThat(ann.get("holdSeconds").asDouble()).isEqualTo(15.0);
        assertThat(ann.get("wrapUpSeconds").asDouble()).isEqualTo(40.0);
        double annReady = 240 + 398 + 125 + 590 + (14 * 3600 + 58 * 60 + 50);
        assertThat(ann.get("readySeconds").asDouble()).isCloseTo(annReady, within(1e-6));
        assertThat(ann.get("occupancy").asDouble()).isCloseTo(400 / (400 + annReady), within(1e-12));
        // Calls 1, 2, 10 and both callbacks' agent legs.
        assertThat(ann.get("callsAnswered").asLong()).isEqualTo(5);
        assertThat(ann.get("ahtSeconds").asDouble()).isEqualTo(80.0);
        assertThat(ann.get("missedOffers").asLong()).isZero();

        JsonNode bob = ScriptedCalls.row(dayReport, "agents", "agent", "bob");
        assertThat(bob.get("loggedInSeconds").asDouble()).isEqualTo(5700.0);
        assertThat(bob.get("readySeconds").asDouble()).isEqualTo(60.0);
        assertThat(bob.get("ringingSeconds").asDouble()).isEqualTo(10.0);
        assertThat(bob.get("notReadyByReason").get("training").asDouble()).isEqualTo(1160.0);
        assertThat(bob.get("notReadyByReason").get("no-answer").asDouble()).isEqualTo(4470.0);
        assertThat(bob.get("missedOffers").asLong()).isEqualTo(1);
        assertThat(bob.get("callsAnswered").asLong()).isZero();
        assertThat(bob.get("occupancy").asDouble()).isZero();
    }

    @Test
    void staffingIsAdvisedFromTheDaysMeasuresBesideTheAgentsStaffed() {
        JsonNode sales = ScriptedCalls.row(dayReport, "queues", "queue", "sales");
        assertThat(sales.get("staffedAgents").asDouble()).isCloseTo((57_900 + 5_700) / 86_400.0, within(1e-9));
        // 7 offered in the day, AHT 100 s; 2 of 7 abandoned (one short): significant, so Erlang A with the
        // callers' patience: (12 + 45 + 0 + 40 + 3 + 0 + 0) s waited over 2 abandons.
        StaffingAdvice expected = Staffing.advise(7 / 86_400.0, 100, 20, 0.80, 2 / 7.0, 100 / 2.0);
        assertThat(sales.get("advisedAgents").asInt()).isEqualTo(expected.agents()).isEqualTo(1);
        assertThat(sales.get("staffingModel").asText()).isEqualTo("erlang-a");
    }

    @Test
    void quarterHoursHoldEachCallWhereItEnteredTheQueueAndRepeatWindowsStillOpenAreNotRated() throws Exception {
        JsonNode quarters = script.report("from=2026-03-02T08:00&to=2026-03-02T09:15&interval=15m&queue=sales");
        JsonNode eight = ScriptedCalls.row(quarters, "queues", "start", "2026-03-02T07:00:00Z");
        assertThat(eight.get("offered").asLong()).isEqualTo(1);
        assertThat(eight.get("serviceLevel").asDouble()).isEqualTo(1.0);
        JsonNode quarterPast = ScriptedCalls.row(quarters, "queues", "start", "2026-03-02T07:15:00Z");
        assertThat(quarterPast.get("answeredInTarget").asLong()).isZero();
        assertThat(quarterPast.get("asaSeconds").asDouble()).isEqualTo(45.0);
        JsonNode callbacks = ScriptedCalls.row(quarters, "queues", "start", "2026-03-02T07:45:00Z");
        assertThat(callbacks.get("callbacksCompleted").asLong()).isEqualTo(1);
        assertThat(callbacks.get("callbacksFailed").asLong()).isEqualTo(1);
        assertThat(quarters.get("calls")).as("a queue's report has no call rows").isEmpty();
        // Call 11 on 5 March: its window runs until 8 March, so its quarter has no FCR rate yet.
        JsonNode later = script.report("from=2026-03-05&to=2026-03-06&interval=1d");
        assertThat(ScriptedCalls.row(later, "queues", "queue", "sales").get("fcrRate").isNull()).isTrue();
        assertThat(ScriptedCalls.row(later, "queues", "queue", "sales").get("answered").asLong()).isEqualTo(1);
    }

    @Test
    void theCommandLinePrintsTheSameReportAsJsonAndCsv() throws Exception {
        String json = script.reportCommand(config, "--from", "2026-03-02", "--to", "2026-03-03", "--interval", "1d",
                "--format", "json");
        assertThat(new ObjectMapper().readTree(json).get("queues")).isEqualTo(dayReport.get("queues"));

        List<String> csv = script.reportCommand(config, "--from", "2026-03-02", "--to", "2026-03-03", "--interval",
                "1d", "--queue", "sales", "--format", "csv").lines().toList();
        assertThat(csv).hasSize(2);
        List<String> columns = List.of(csv.get(0).split(","));
        List<String> sales = List.of(csv.get(1).split(","));
        assertThat(sales.get(columns.indexOf("queue"))).isEqualTo("sales");
        assertThat(sales.get(columns.indexOf("offered"))).isEqualTo("7");
        assertThat(sales.get(columns.indexOf("answeredInTarget"))).isEqualTo("2");
        assertThat(Double.parseDouble(sales.get(columns.indexOf("serviceLevel2")))).isEqualTo(0.5);
    }

    @Test
    void aRestartResetsNothing() throws Exception {
        server.close();
        server = AcdServer.start(settings, loaded.configuration(), clock);
        JsonNode again = script.report("from=2026-03-02&to=2026-03-03&interval=1d");
        assertThat(again.get("queues")).isEqualTo(dayReport.get("queues"));
        assertThat(again.get("calls")).isEqualTo(dayReport.get("calls"));
        assertThat(again.get("agents")).isEqualTo(dayReport.get("agents"));
    }
}
