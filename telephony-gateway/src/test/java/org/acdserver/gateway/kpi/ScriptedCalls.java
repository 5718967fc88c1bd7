package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.Main;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskSandbox;
import picocli.CommandLine;

/**
 * What a scripted day does to a server on the Asterisk sandbox: moves its clock, places callers (who may answer a
 * survey, or ask for a callback), dials agents' feature codes, pauses agents, ends calls by hanging up the agent's
 * leg or the caller, and waits until the server has taken each step before the script moves on.
 *
 * <p>Survey answers are keyed in when a survey question starts: a manager connection that sees every event waits
 * for the caller channel's {@code AGIExecStart} of the key read ({@code EXEC Read}, which plays the question and
 * takes the keys in one operation), then plays the answer into the channel
 * ({@code PlayDTMF}, received). Answers are one key each: a second key played right behind the first is lost while
 * Asterisk still emulates the first, and a {@code #} would end the next question; the NPS question, which takes up
 * to two digits, ends on its timeout with the one key.
 */
final class ScriptedCalls implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_LISTENER = "admin: {host: 127.0.0.1, port: 8091}";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Supplier<AcdServer> server;
    private final ManualClock clock;
    private final EventLoopGroup watchLoop;
    private final AmiClient watch;
    /** Survey keys still to press, per caller channel. */
    private final Map<String, Deque<String>> surveyKeys = new ConcurrentHashMap<>();

    /** @param server the server now (a restart replaces it) */
    ScriptedCalls(AsteriskSandbox sandbox, Supplier<AcdServer> server, ManualClock clock) throws Exception {
        this.server = server;
        this.clock = clock;
        this.watchLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.watch = new AmiClient(ManagerWatch.settings(sandbox).withEvents("call,agi"), watchLoop);
        watch.addListener(e -> {
            String command = String.valueOf(e.get("Command"));
            if ("AGIExecStart".equals(e.eventName()) && command.startsWith("EXEC Read")) {
                Deque<String> keys = surveyKeys.get(e.get("Uniqueid"));
                String answer = keys == null ? null : keys.poll();
                if (answer != null) {
                    for (char key : answer.toCharArray()) {
                        watch.send(AmiAction.of("PlayDTMF").with("Channel", e.get("Uniqueid"))
                                .with("Digit", String.valueOf(key)).with("Receive", "true"));
                    }
                }
            }
        });
        watch.start().get(30, TimeUnit.SECONDS);
    }

    private InteractionQueries records() {
        return new InteractionQueries(server.get().database().dataSource());
    }

    /** Moves the clock; the server has taken everything before (the script waited for it). */
    void moveTo(Instant t) {
        clock.set(t);
    }

    String call(String number, String flow, List<String> survey) {
        return call(number, flow, survey, 600);
    }

    /** A caller of {@code flow} who stays {@code holdSeconds} unless the script hangs up first. */
    String call(String number, String flow, List<String> survey, int holdSeconds) {
        String id = String.format("kd-%06d", IDS.incrementAndGet());
        if (survey != null) {
            surveyKeys.put(id + "-a", new ArrayDeque<>(survey));
        }
        server.get().ami().send(AmiAction.of("Originate")
                .with("Channel", "Local/s@sim-caller/n")
                .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                .with("CallerID", "\"Caller\" <" + number + ">")
                .with("Async", "true").with("Timeout", "30000")
                .with("ChannelId", id + "-a").with("OtherChannelId", id + "-b")
                .variable("DIGITS", "").variable("KEY_DELAY", "1")
                .variable("HOLD_SECS", Integer.toString(holdSeconds))
                .variable("__TALK_SECS", "600")
                .variable("ACD_FLOW", flow)).join();
        return id + "-a";
    }

    /** A caller who presses the callback key while waiting, then 1 to confirm the number read back. */
    String callbackCaller(String number) {
        String id = String.format("kd-%06d", IDS.incrementAndGet());
        server.get().ami().send(AmiAction.of("Originate")
                .with("Channel", "Local/s@sim-caller-callback/n")
                .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                .with("CallerID", "\"Caller\" <" + number + ">")
                .with("Async", "true").with("Timeout", "30000")
                .with("ChannelId", id + "-a").with("OtherChannelId", id + "-b")
                .variable("DIGITS", "").variable("KEY_DELAY", "1")
                .variable("CALLBACK_DELAY", "3").variable("CALLBACK_KEYS", "9")
                .variable("CONFIRM_DELAY", "2").variable("CONFIRM_KEYS", "1")
                .variable("HOLD_SECS", "40").variable("ACD_FLOW", "plain")).join();
        return id + "-a";
    }

    /** The agent dials a feature code from the phone: a Local channel into acd-agent-codes naming the agent. */
    void featureCode(String agent, String code) {
        server.get().ami().send(AmiAction.of("Originate")
                .with("Channel", "Local/s@sim-caller/n")
                .with("Context", "acd-agent-codes").with("Exten", code).with("Priority", "1")
                .with("Async", "true").with("Timeout", "30000")
                .variable("HOLD_SECS", "5").variable("ACD_AGENT", agent)).join();
    }

    void pause(String agent, String reason) {
        server.get().core().agentNotReady(agent, reason, AgentStateCause.SUPERVISOR);
        await().atMost(10, TimeUnit.SECONDS).until(() -> activity(agent) == AgentActivity.NOT_READY
                && reason.equals(server.get().agentStates().get(agent).reason()));
    }

    void hangUpAgent(String agent) {
        server.get().ami().send(AmiAction.of("Hangup").with("Channel", "/^Local\\/" + agent + "@sim-agent-callback-/"))
                .join();
    }

    void hangUpCaller(String callId) {
        server.get().ami().send(AmiAction.of("Hangup").with("Channel", callId.replace("-a", "-b"))).join();
    }

    AgentActivity activity(String agent) {
        AgentStateLog.Current c = server.get().agentStates().get(agent);
        return c == null ? null : c.activity();
    }

    void awaitActivity(String agent, AgentActivity a) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> activity(agent) == a);
    }

    void awaitOnCall(String agent, String callId) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> activity(agent) == AgentActivity.ON_CALL
                && callId.equals(server.get().agentStates().get(agent).callId()));
    }

    List<String> waiting() throws Exception {
        return server.get().core().snapshot().get(5, TimeUnit.SECONDS).waiting().getOrDefault("sales", List.of());
    }

    void awaitWaiting(String callId) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> waiting().contains(callId));
    }

    InteractionRecord awaitRecord(String callId) {
        return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records().byCallId(callId), Optional::isPresent).orElseThrow();
    }

    long callbackLegs(InteractionOutcome outcome) {
        return records().all().stream().filter(r -> "callback".equals(r.flow()) && r.outcome() == outcome).count();
    }

    void awaitStored() {
        AcdServer s = server.get();
        await().atMost(30, TimeUnit.SECONDS).until(() -> s.recorder().pending() == 0
                && s.agentStateRecorder().pending() == 0);
    }

    JsonNode report(String query) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.get().adminPort() + "/reports?" + query))
                .header("Authorization", "Bearer " + server.get().accounts().localToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /**
     * Runs {@code acd-server report} with these arguments against the running server and returns what it printed;
     * it must succeed. The command finds the admin listener in acd.yaml, so it is given a copy of {@code config}
     * that names the port the server listens on.
     */
    String reportCommand(Path config, String... args) throws IOException {
        Path cli = Files.createTempDirectory("acd-report-command");
        try {
            try (Stream<Path> files = Files.walk(config)) {
                for (Path p : files.toList()) {
                    Path target = cli.resolve(config.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            String yaml = Files.readString(cli.resolve("acd.yaml"));
            assertThat(yaml).contains(ADMIN_LISTENER);
            Files.writeString(cli.resolve("acd.yaml"), yaml.replace(ADMIN_LISTENER,
                    "admin: {host: 127.0.0.1, port: " + server.get().adminPort() + "}"));
            List<String> line = new ArrayList<>(List.of("report", "--config", cli.toString(),
                    "--token", server.get().accounts().localToken()));
            line.addAll(List.of(args));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = System.out;
            int exit;
            try {
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                exit = new CommandLine(new Main()).execute(line.toArray(String[]::new));
            } finally {
                System.setOut(out);
            }
            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            return text;
        } finally {
            TestRig.deleteTree(cli);
        }
    }

    static JsonNode row(JsonNode report, String section, String field, String value) {
        for (JsonNode n : report.get(section)) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + section + " row with " + field + " " + value + " in " + report);
    }

    @Override
    public void close() {
        watch.close();
        watchLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
