package org.acdserver.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentState;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.callback.CallbackView;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.QueueStatus;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.LiveView;
import org.acdserver.gateway.kpi.Report;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both listeners on real sockets, with fakes behind the endpoints: which routes each listener has, what they answer
 * (JSON read back with Jackson), that blocking work leaves the event loop, and that the router upgrades WebSockets.
 */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant REQUESTED = Instant.parse("2026-05-04T09:30:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> activationThreads = new CopyOnWriteArrayList<>();
    private final List<String> reportThreads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean brokenFiles = new AtomicBoolean();
    private final AtomicBoolean noPreviousFlows = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Boolean>> cancelAnswer = new AtomicReference<>();
    private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
    /** The routes this class was written for; the routes of logins, users, tokens and the audit log have tests of
     * their own (AuthIT, RouteSecurityIT), against a real database. */
    private static final List<String> COMMANDS_AND_VIEWS = List.of("GET /routing", "GET /decisions", "POST /reload",
            "POST /rollback", "GET /callbacks", "POST /callbacks/cancel", "POST /callbacks/reschedule");
    /** Every request here is an admin's, by token: access itself is tested in RouteSecurityIT. */
    private final AccessGate admitAll = new AccessGate((bearer, session, address) -> CompletableFuture
            .completedFuture(Optional.of(new Caller(new User(1, "ada", Role.ADMIN, null, Set.of(), false),
                    Caller.Credential.TOKEN, null, null, address))));
    private Routes routes;
    private WebServer web;

    @BeforeEach
    void start() {
        CallbackView view = new CallbackView("cb1", "call-1", "sales", "5551234", "pending", 0, null, 0, null, null,
                REQUESTED, REQUESTED, null, null);
        routes = new Routes(
                new MetricsEndpoints(() -> "# TYPE acd_calls_total counter\nacd_calls_total 7.0\n",
                        () -> new Health(true, 3, 2, 1)),
                new RoutingViewEndpoint(() -> CompletableFuture.supplyAsync(() -> new RoutingSnapshot(
                        Map.of("a1", new RoutingSnapshot.AgentView("a1", AgentState.READY, null, null, 4)),
                        Map.of("sales", List.of("c1")), List.of()))),
                new DecisionsEndpoint(call -> call.equals("c1") ? List.of(new RoutingDecision("c1", "sales", "a1",
                        "PJSIP/1001", 15, "longest-idle", List.of("a1", "a2"), 1200, 1)) : List.of()),
                new ConfigurationEndpoints(() -> {
                    activationThreads.add(Thread.currentThread().getName());
                    if (brokenFiles.get()) {
                        throw new InvalidConfigurationException("queues.yaml:4: unknown strategy 'ring-all'");
                    }
                    return "reloaded config: 2 queues, 2 agents, 5 flows";
                }, () -> {
                    if (noPreviousFlows.get()) {
                        throw new IllegalStateException("there is no previous flow version to roll back to");
                    }
                    return "rolled back to the previous flow version: main@0123456789ab";
                }, () -> Map.of("version", 1), this::audit),
                new CallbackEndpoints(new CallbackCommands(
                        id -> CompletableFuture.completedFuture(Optional.of(view).filter(v -> v.id().equals(id))),
                        id -> cancelAnswer.get() != null ? cancelAnswer.get()
                                : CompletableFuture.completedFuture(id.equals("cb1")),
                        (id, at) -> CompletableFuture.completedFuture(id.equals("cb1"))), this::audit),
                new AuthEndpoints(null, false), new UserEndpoints(null), new TokenEndpoints(null),
                new AuditEndpoint(null), new AgentDesktopEndpoints(null, null),
                new ReportEndpoints(request -> CompletableFuture.supplyAsync(() -> {
                    reportThreads.add(Thread.currentThread().getName());
                    return new Report(request.from(), request.to(), request.interval().label(),
                            request.zone().getId(), List.of(), List.of(new Report.CallRow(request.from(),
                            request.to(), 4, 1, 0.25, 1, 2, 2, 0, 0, 0, 0, 0)), List.of());
                }), () -> ZoneId.of("Europe/Berlin")),
                new LiveEndpoint(() -> LiveView.of(Map.of("sales", new QueueStatus("sales", 2, 1_000,
                        Map.of(AgentActivity.ON_CALL, 1))), Map.of("a1", new AgentStateLog.Current(
                        AgentActivity.ON_CALL, null, "c1", "sales", Instant.ofEpochMilli(4_000))),
                        Instant.ofEpochMilli(31_000))), new WallboardEndpoints(null));
        web = WebServer.start(ServerSettings.HttpListeners.anyFreePorts("127.0.0.1"), routes.publicRoutes(),
                routes.adminRoutes(), admitAll);
    }

    private CompletableFuture<Void> audit(AuditEntry entry) {
        audited.add(entry);
        return CompletableFuture.completedFuture(null);
    }

    private List<Route> commandsAndViews() {
        return routes.adminRoutes().stream().filter(r -> COMMANDS_AND_VIEWS.contains(r.toString())).toList();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    @Test
    void theRouteTableGivesThePublicListenerOnlyMetricsAndHealthAndTheAdminOneTheRest() {
        assertThat(routes.publicRoutes()).extracting(Route::toString)
                .containsExactly("GET /metrics", "GET /health");
        assertThat(routes.adminRoutes()).extracting(Route::toString).containsSubsequence(
                "GET /routing", "GET /decisions", "POST /reload", "POST /rollback", "GET /callbacks",
                "POST /callbacks/cancel", "POST /callbacks/reschedule", "GET /reports", "GET /live");
        assertThat(routes.adminRoutes()).extracting(Route::toString).doesNotContain("GET /metrics", "GET /health");
    }

    @Test
    void aReportIsBuiltOffTheEventLoopAndAnsweredAsJsonCsvOrATable() throws Exception {
        HttpResponse<String> json = get(web.adminPort(), "/reports?from=2026-03-02&to=2026-03-03&interval=1d");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(json.body());
        // Midnight to midnight in the configured zone (UTC+1 in March).
        assertThat(report.get("from").asText()).isEqualTo("2026-03-01T23:00:00Z");
        assertThat(report.get("to").asText()).isEqualTo("2026-03-02T23:00:00Z");
        assertThat(report.get("calls").get(0).get("selfServiceRatio").asDouble()).isEqualTo(0.25);
        assertThat(reportThreads).isNotEmpty().noneMatch(t -> t.contains("eventloop"));

        HttpResponse<String> csv = get(web.adminPort(), "/reports?from=2026-03-02&to=2026-03-03&format=csv"
                + "&section=calls&zone=UTC");
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
                "text/csv"));
        assertThat(csv.body().lines().toList()).containsExactly(
                "start,end,calls,selfService,selfServiceRatio,abandonedInIvr,queued,answered,abandonedInQueue,"
                        + "callbackRequested,noAgent,transferred,failed",
                "2026-03-02T00:00:00Z,2026-03-03T00:00:00Z,4,1,0.25,1,2,2,0,0,0,0,0");

        HttpResponse<String> table = get(web.adminPort(), "/reports?from=2026-03-02&to=2026-03-03&format=table");
        assertThat(table.body()).contains("calls").contains("25.0%");

        HttpResponse<String> bad = get(web.adminPort(), "/reports?from=yesterday&to=2026-03-03");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("--from 'yesterday'");
        assertThat(get(web.adminPort(), "/reports?from=2026-03-02&to=2026-03-03&interval=5m").statusCode())
                .isEqualTo(400);
        assertThat(get(web.publicPort(), "/reports?from=2026-03-02&to=2026-03-03").statusCode()).isEqualTo(404);
    }

    @Test
    void theLiveViewShowsEachQueueAndAgentAsTheyStand() throws Exception {
        JsonNode live = JSON.readTree(get(web.adminPort(), "/live").body());
        assertThat(live.get("queues").get(0).get("waiting").asInt()).isEqualTo(2);
        assertThat(live.get("queues").get(0).get("longestWaitSeconds").asDouble()).isEqualTo(30.0);
        assertThat(live.get("queues").get(0).get("agents").get("on_call").asInt()).isEqualTo(1);
        assertThat(live.get("agents").get(0).get("state").asText()).isEqualTo("on_call");
        assertThat(live.get("agents").get(0).get("secondsInState").asDouble()).isEqualTo(27.0);
    }

    @Test
    void thePublicListenerServesMetricsAndHealthAndNothingElse() throws Exception {
        HttpResponse<String> metrics = get(web.publicPort(), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValue(MetricsEndpoints.PROMETHEUS_TEXT);
        assertThat(metrics.body()).isEqualTo("# TYPE acd_calls_total counter\nacd_calls_total 7.0\n");

        HttpResponse<String> health = get(web.publicPort(), "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode h = JSON.readTree(health.body());
        assertThat(fieldNames(h)).containsExactly("ami", "agiSessions", "callsInQueue", "recordsPending");
        assertThat(h.get("ami").asBoolean()).isTrue();
        assertThat(h.get("agiSessions").asInt()).isEqualTo(3);
        assertThat(h.get("callsInQueue").asInt()).isEqualTo(2);
        assertThat(h.get("recordsPending").asLong()).isEqualTo(1);

        for (Route admin : routes.adminRoutes()) {
            HttpResponse<String> refused = send(web.publicPort(), admin.method().name(), admin.path() + "?id=cb1");
            assertThat(refused.statusCode()).as(admin + " on the public listener").isEqualTo(404);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains(admin.path());
        }
        assertThat(activationThreads).as("no command ran through the public listener").isEmpty();
        assertThat(get(web.publicPort(), "/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void theAdminListenerServesEverythingButMetricsAndHealth() throws Exception {
        assertThat(get(web.adminPort(), "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(web.adminPort(), "/health").statusCode()).isEqualTo(404);
        for (Route admin : commandsAndViews()) {
            HttpResponse<String> answered = send(web.adminPort(), admin.method().name(), admin.path() + "?id=cb1");
            assertThat(answered.statusCode()).as(admin.toString()).isNotIn(404, 405, 500);
            assertThat(answered.headers().firstValue("content-type")).as(admin.toString())
                    .hasValue("application/json");
        }
        HttpResponse<String> unknown = get(web.adminPort(), "/nowhere");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo(
                "no route GET /nowhere on the admin listener");
        assertThat(get(web.adminPort(), "/reload").statusCode()).as("a command needs POST").isEqualTo(405);
    }

    @Test
    void theRoutingViewIsTheCoreSnapshotAsJson() throws Exception {
        JsonNode snapshot = JSON.readTree(get(web.adminPort(), "/routing").body());
        assertThat(snapshot.at("/agents/a1/state").asText()).isEqualTo("READY");
        assertThat(snapshot.at("/agents/a1/callsTaken").asLong()).isEqualTo(4);
        assertThat(snapshot.at("/waiting/sales/0").asText()).isEqualTo("c1");
        assertThat(snapshot.get("scheduledCallbacks").isArray()).isTrue();
    }

    @Test
    void decisionsAreAJsonListPerCall() throws Exception {
        JsonNode decisions = JSON.readTree(get(web.adminPort(), "/decisions?call=c1").body());
        assertThat(decisions.isArray()).isTrue();
        assertThat(decisions.get(0).get("agentId").asText()).isEqualTo("a1");
        assertThat(decisions.get(0).get("strategy").asText()).isEqualTo("longest-idle");
        assertThat(decisions.get(0).get("candidates")).extracting(JsonNode::asText).containsExactly("a1", "a2");
        assertThat(JSON.readTree(get(web.adminPort(), "/decisions?call=other").body()).size()).isZero();
        HttpResponse<String> noCall = get(web.adminPort(), "/decisions");
        assertThat(noCall.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noCall.body()).get("error").asText()).contains("?call=");
    }

    @Test
    void reloadAndRollbackRunOffTheEventLoopAndAnswerWithAMessageOrTheFileAndLine() throws Exception {
        HttpResponse<String> ok = post(web.adminPort(), "/reload");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("message").asText()).contains("2 agents");

        brokenFiles.set(true);
        HttpResponse<String> bad = post(web.adminPort(), "/reload");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText())
                .isEqualTo("queues.yaml:4: unknown strategy 'ring-all'");

        HttpResponse<String> back = post(web.adminPort(), "/rollback");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(back.body()).get("message").asText()).startsWith("rolled back");
        noPreviousFlows.set(true);
        HttpResponse<String> nothingBefore = post(web.adminPort(), "/rollback");
        assertThat(nothingBefore.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(nothingBefore.body()).get("error").asText()).contains("no previous flow version");

        assertThat(activationThreads).hasSize(2).allSatisfy(name -> assertThat(name)
                .as("reloads read files: never on an event loop").doesNotContain("eventloop"));
    }

    @Test
    void callbackCommandsAnswerWithTheirStatusAndJson() throws Exception {
        HttpResponse<String> shown = get(web.adminPort(), "/callbacks?id=cb1");
        assertThat(shown.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(shown.body());
        assertThat(view.get("id").asText()).isEqualTo("cb1");
        assertThat(view.get("state").asText()).isEqualTo("pending");
        assertThat(view.get("requestedAt").asText()).as("instants as ISO text").isEqualTo("2026-05-04T09:30:00Z");
        assertThat(get(web.adminPort(), "/callbacks?id=nope").statusCode()).isEqualTo(404);
        assertThat(get(web.adminPort(), "/callbacks").statusCode()).as("no id").isEqualTo(400);

        HttpResponse<String> cancelled = post(web.adminPort(), "/callbacks/cancel?id=cb1");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("message").asText()).isEqualTo("cancelled cb1");
        HttpResponse<String> notPending = post(web.adminPort(), "/callbacks/cancel?id=gone");
        assertThat(notPending.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(notPending.body()).get("error").asText()).contains("gone", "not pending");

        assertThat(post(web.adminPort(), "/callbacks/reschedule?id=cb1&at=tomorrow").statusCode()).isEqualTo(400);
        HttpResponse<String> moved = post(web.adminPort(), "/callbacks/reschedule?id=cb1&at=2026-05-05T08:00:00Z");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(moved.body()).get("message").asText())
                .isEqualTo("rescheduled cb1 for 2026-05-05T08:00:00Z");
        assertThat(JSON.readTree(post(web.adminPort(), "/callbacks/reschedule?id=cb1").body()).get("message")
                .asText()).endsWith("as soon as possible");

        cancelAnswer.set(CompletableFuture.failedFuture(new CompletionException(new IOException("database down"))));
        HttpResponse<String> storeDown = post(web.adminPort(), "/callbacks/cancel?id=cb1");
        assertThat(storeDown.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(storeDown.body()).get("error").asText()).contains("database down");
    }

    @Test
    void theRouterUpgradesWebSocketRoutes() throws Exception {
        web.close();
        List<Route> admin = new ArrayList<>(routes.adminRoutes());
        admin.add(Route.webSocket("/echo", Access.anyUser(),
                ws -> ws.textMessageHandler(text -> ws.writeTextMessage("echo " + text))));
        web = WebServer.start(ServerSettings.HttpListeners.anyFreePorts("127.0.0.1"), routes.publicRoutes(), admin,
                admitAll);

        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + web.adminPort()
                + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("echo hello");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                + web.publicPort() + "/echo"), new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS))
                .as("not a route of the public listener").hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void aWebSocketUpgradeWaitsForASlowCredentialsCheckAndRefusesAnotherOrigin() throws Exception {
        web.close();
        // Credentials looked up elsewhere (the database) answer later, on another thread.
        AccessGate slow = new AccessGate((bearer, session, address) -> CompletableFuture.supplyAsync(
                () -> "good".equals(bearer) ? Optional.of(new Caller(new User(1, "ada", Role.ADMIN, null, Set.of(),
                        false), Caller.Credential.TOKEN, null, null, address)) : Optional.<Caller>empty(),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        List<Route> admin = new ArrayList<>(routes.adminRoutes());
        admin.add(Route.webSocket("/echo", Access.anyUser(),
                ws -> ws.textMessageHandler(text -> ws.writeTextMessage("echo " + text))));
        web = WebServer.start(ServerSettings.HttpListeners.anyFreePorts("127.0.0.1"), routes.publicRoutes(), admin,
                slow);
        URI echo = URI.create("ws://127.0.0.1:" + web.adminPort() + "/echo");

        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer good")
                .buildAsync(echo, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("after the check", true).get(5, TimeUnit.SECONDS);
        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("echo after the check");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> http.newWebSocketBuilder().header("Authorization", "Bearer bad")
                .buildAsync(echo, new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS))
                .as("no live credentials").hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThatThrownBy(() -> http.newWebSocketBuilder().header("Authorization", "Bearer good")
                .header("Origin", "http://evil.example").buildAsync(echo, new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS)).as("another site's page").hasCauseInstanceOf(
                        WebSocketHandshakeException.class);
    }

    @Test
    void commandsAreAuditedByWhoAskedWithTheirOutcome() throws Exception {
        post(web.adminPort(), "/reload");
        brokenFiles.set(true);
        post(web.adminPort(), "/reload");
        post(web.adminPort(), "/callbacks/cancel?id=cb1");
        post(web.adminPort(), "/callbacks/cancel?id=gone");
        assertThat(audited).extracting(AuditEntry::actor).containsOnly("ada");
        assertThat(audited).extracting(AuditEntry::action, AuditEntry::success, AuditEntry::target).containsExactly(
                tuple("reload", true, null),
                tuple("reload", false, null),
                tuple("callback_cancel", true, "cb1"),
                tuple("callback_cancel", false, "gone"));
        assertThat(audited.get(0).detail()).contains("2 agents");
        assertThat(audited.get(1).detail()).isEqualTo("queues.yaml:4: unknown strategy 'ring-all'");
        assertThat(audited.get(2).before()).isInstanceOf(CallbackView.class);
    }

    @Test
    void aListenerThatCannotBindNamesItselfAndItsAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerSettings.HttpListeners clash = new ServerSettings.HttpListeners(
                    new ServerSettings.Endpoint("127.0.0.1", 0),
                    new ServerSettings.Endpoint("127.0.0.1", taken.getLocalPort()));
            assertThatThrownBy(() -> WebServer.start(clash, routes.publicRoutes(), routes.adminRoutes(), admitAll))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("http.admin");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return send(port, "GET", path);
    }

    private HttpResponse<String> post(int port, String path) throws Exception {
        return send(port, "POST", path);
    }

    private HttpResponse<String> send(int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
