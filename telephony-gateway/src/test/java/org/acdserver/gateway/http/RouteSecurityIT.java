package org.acdserver.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Anonymous;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.WebClient.Credentials;
import org.acdserver.gateway.WebClient.Session;
import org.acdserver.gateway.WebRig;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.TokenStore;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.callback.CallbackTicket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the server's one route table and, for every route that needs a login, sends what an attacker could: no
 * credentials, a made-up token, an expired token, a revoked token, the credentials of a role the route does not
 * allow, and for a state change a session cookie without (or with a wrong) CSRF token. Each is refused, and none of
 * them changes anything; then the right credentials get through, so the refusals were the gate's. Routes without a
 * login are only the login page and what it needs.
 */
class RouteSecurityIT {

    private static final String PASSWORD = "correct horse battery";
    /** The only routes that need no login on the admin listener. */
    private static final Set<String> OPEN = Set.of("GET /login", "GET /assets/*", "POST /login");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    /** A pending callback, for the routes that act on one. */
    private static final String CALLBACK = "route-security-cb";

    private static WebRig rig;
    private static WebClient web;
    private static Session adminSession;
    private static Bearer adminToken;
    private static Session supervisorSession;
    private static Bearer supervisorToken;
    private static Session agentSession;
    private static Bearer expired;
    private static Bearer revoked;
    private static long spareToken;

    @BeforeAll
    static void start() throws Exception {
        rig = WebRig.start();
        web = new WebClient(rig.adminUrl());
        rig.addUser("ada", PASSWORD, Role.ADMIN, null, Set.of());
        rig.addUser("sue", PASSWORD, Role.SUPERVISOR, null, Set.of("sales"));
        rig.addUser("amy", PASSWORD, Role.AGENT, "agent1", Set.of());
        rig.addUser("zed", PASSWORD, Role.SUPERVISOR, null, Set.of("support"));
        adminSession = web.login("ada", PASSWORD);
        supervisorSession = web.login("sue", PASSWORD);
        agentSession = web.login("amy", PASSWORD);
        adminToken = new Bearer(token(adminSession, "ada", "admin script").path("token").asText());
        supervisorToken = new Bearer(token(supervisorSession, "sue", "report script").path("token").asText());
        TokenStore tokens = rig.server.accounts().tokenStore();
        User ada = rig.server.accounts().userStore().find("ada").orElseThrow();
        expired = new Bearer(tokens.create(ada, "old", Instant.now().minusSeconds(60), "test").secret());
        TokenStore.Created gone = tokens.create(ada, "gone", Instant.now().plusSeconds(3600), "test");
        assertThat(tokens.revoke(gone.token().id(), "test")).isTrue();
        revoked = new Bearer(gone.secret());
        Instant asked = Instant.now();
        rig.server.callbacks().request(new CallbackTicket(CALLBACK, "call-" + CALLBACK, "sales", "5550199", 0,
                Map.of(), asked, asked, null, Map.of())).join();
        spareToken = tokens.create(rig.server.accounts().userStore().find("zed").orElseThrow(), "spare",
                Instant.now().plusSeconds(3600), "test").token().id();
    }

    private static JsonNode token(Session as, String user, String name)
            throws Exception {
        HttpResponse<String> r = web.send("POST", "/tokens", as, Map.of("name", name, "user", user));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return WebClient.json(r);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void everyRouteRefusesMissingDeadAndWrongCredentialsAndStateChangesWithoutTheCsrfToken() throws Exception {
        long version = rig.server.configuration().version();
        Instant start = Instant.now();
        List<String> checked = new ArrayList<>();
        for (Route route : rig.server.routes().adminRoutes()) {
            String name = route.toString();
            String path = concrete(route.path());
            if (route.access().isOpen()) {
                assertThat(OPEN).as(name + " needs no login: is that meant?").contains(name);
                checked.add(name);
                continue;
            }
            refusedAsNotLoggedIn(route, path, new Anonymous(), "no credentials");
            refusedAsNotLoggedIn(route, path, new Bearer("acd_madeup" + "x".repeat(40)), "a made-up token");
            refusedAsNotLoggedIn(route, path, new Bearer("not even a token"), "garbage");
            refusedAsNotLoggedIn(route, path, expired, "an expired token");
            refusedAsNotLoggedIn(route, path, revoked, "a revoked token");
            refusedAsNotLoggedIn(route, path, new Session("forged-session-cookie", "x"), "a forged session");
            for (Role role : EnumSet.complementOf(EnumSet.copyOf(route.access().allowed()))) {
                HttpResponse<String> r = send(route, path, role == Role.AGENT ? agentSession : supervisorToken);
                assertThat(r.statusCode()).as(name + " as a " + role + ": " + r.body()).isEqualTo(403);
            }
            if (!SAFE.contains(route.method())) {
                Session allowed = route.access().allows(Role.ADMIN) ? adminSession : supervisorSession;
                HttpResponse<String> noCsrf = send(route, path, allowed.withoutCsrf());
                assertThat(noCsrf.statusCode()).as(name + " with a session and no CSRF token").isEqualTo(403);
                assertThat(WebClient.json(noCsrf).path("error").asText()).contains("CSRF");
                HttpResponse<String> wrongCsrf = send(route, path, new Session(allowed.cookie(), "wrong"));
                assertThat(wrongCsrf.statusCode()).as(name + " with a wrong CSRF token").isEqualTo(403);
            }
            checked.add(name);
        }
        assertThat(checked).as("every route of the table").hasSize(rig.server.routes().adminRoutes().size());

        // Nothing refused had any effect.
        assertThat(rig.server.configuration().version()).as("no reload or rollback happened").isEqualTo(version);
        assertThat(rig.server.accounts().userStore().find("zed").orElseThrow().disabled()).isFalse();
        assertThat(rig.server.accounts().tokenStore().get(spareToken).orElseThrow().revokedAt()).isNull();
        assertThat(web.get("/me", adminSession).statusCode()).as("the admin's session is still live").isEqualTo(200);
        List<AuditEntry> since = rig.server.audit().read(start, null, 1_000).join();
        assertThat(since).as("nothing but failed logins could have been audited").allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("login");
            assertThat(e.success()).isFalse();
        });

        // The right credentials get through every route, so the refusals above were the gate's.
        for (Route route : rig.server.routes().adminRoutes()) {
            // The desktop's routes act on the agent linked to the user: only an agent's login has a desk.
            boolean desktop = route.access().allows(Role.AGENT) && !route.access().allows(Role.SUPERVISOR);
            Credentials right = desktop ? agentSession : route.access().allows(Role.ADMIN)
                    ? (SAFE.contains(route.method()) ? adminSession : adminToken) : supervisorToken;
            HttpResponse<String> r = send(route, concrete(route.path()), right);
            assertThat(r.statusCode()).as(route + " with the right credentials: " + r.body())
                    .isNotIn(401, 403, 404, 405, 500);
        }
    }

    @Test
    void callControlActsOnlyOnTheAgentsOwnCallAndNeedsTheCsrfToken() throws Exception {
        assertThat(rig.server.routes().adminRoutes()).extracting(Route::toString)
                .contains("POST /agent/call/hold", "POST /agent/call/resume", "POST /agent/call/hangup",
                        "POST /agent/call/transfer", "GET /agent/call/targets", "POST /agent/call/consult",
                        "POST /agent/call/consult/complete", "POST /agent/call/consult/cancel");
        for (String action : List.of("hold", "resume", "hangup", "consult/complete", "consult/cancel")) {
            String path = "/agent/call/" + action;
            // The agent talks on no call: nothing to act on (a body naming a call changes nothing).
            HttpResponse<String> none = web.send("POST", path, agentSession, Map.of("callId", "someone-else"));
            assertThat(none.statusCode()).as(path + ": " + none.body()).isEqualTo(409);
            assertThat(web.send("POST", path, agentSession.withoutCsrf(), null).statusCode()).isEqualTo(403);
            assertThat(web.send("POST", path, supervisorSession, null).statusCode()).isEqualTo(403);
            // An admin passes the role check but has no desk.
            assertThat(web.send("POST", path, adminSession, null).statusCode()).isEqualTo(403);
        }
        // A transfer names a queue of the configuration, and needs a call of the agent's own.
        String transfer = "/agent/call/transfer";
        HttpResponse<String> noCall = web.send("POST", transfer, agentSession, Map.of("queue", "support"));
        assertThat(noCall.statusCode()).as(noCall.body()).isEqualTo(409);
        HttpResponse<String> noQueue = web.send("POST", transfer, agentSession, Map.of("queue", "nowhere"));
        assertThat(noQueue.statusCode()).as(noQueue.body()).isEqualTo(400);
        assertThat(noQueue.body()).contains("sales", "support");
        Map<String, String> body = Map.of("queue", "support");
        assertThat(web.send("POST", transfer, agentSession.withoutCsrf(), body).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, supervisorSession, body).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, adminSession, body).statusCode()).isEqualTo(403);
        // A transfer to an agent names another agent of the configuration, and needs a call of the agent's own.
        HttpResponse<String> noCallForAgent = web.send("POST", transfer, agentSession, Map.of("agent", "agent2"));
        assertThat(noCallForAgent.statusCode()).as(noCallForAgent.body()).isEqualTo(409);
        HttpResponse<String> noAgent = web.send("POST", transfer, agentSession, Map.of("agent", "nobody"));
        assertThat(noAgent.statusCode()).as(noAgent.body()).isEqualTo(400);
        assertThat(noAgent.body()).contains("nobody");
        HttpResponse<String> self = web.send("POST", transfer, agentSession, Map.of("agent", "agent1"));
        assertThat(self.statusCode()).as(self.body()).isEqualTo(400);
        Map<String, String> toAgent = Map.of("agent", "agent2");
        assertThat(web.send("POST", transfer, agentSession.withoutCsrf(), toAgent).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, supervisorSession, toAgent).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, adminSession, toAgent).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, adminToken, toAgent).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", transfer, expired, toAgent).statusCode()).isEqualTo(401);
        assertThat(web.send("POST", transfer, new Anonymous(), toAgent).statusCode()).isEqualTo(401);
        // A consult names a number, and needs a call of the agent's own.
        String consult = "/agent/call/consult";
        Map<String, String> number = Map.of("number", "5559000");
        HttpResponse<String> noCallToConsult = web.send("POST", consult, agentSession, number);
        assertThat(noCallToConsult.statusCode()).as(noCallToConsult.body()).isEqualTo(409);
        HttpResponse<String> notANumber = web.send("POST", consult, agentSession, Map.of("number", "1,gm(x)"));
        assertThat(notANumber.statusCode()).as(notANumber.body()).isEqualTo(400);
        assertThat(web.send("POST", consult, agentSession.withoutCsrf(), number).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", consult, supervisorSession, number).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", consult, adminSession, number).statusCode()).isEqualTo(403);
        HttpResponse<String> targets = web.get("/agent/call/targets", agentSession);
        assertThat(targets.statusCode()).as(targets.body()).isEqualTo(200);
        assertThat(WebClient.json(targets).path("queues")).extracting(JsonNode::asText).contains("sales", "support");
        // The other agents, with their state; never the agent itself.
        assertThat(WebClient.json(targets).path("agents")).extracting(a -> a.path("id").asText())
                .contains("agent2").doesNotContain("agent1");
        assertThat(WebClient.json(targets).path("agents")).allSatisfy(a -> {
            assertThat(a.path("state").asText()).isNotEmpty();
            assertThat(a.path("ready").asBoolean()).isEqualTo("ready".equals(a.path("state").asText()));
        });
        assertThat(web.get("/agent/call/targets", supervisorSession).statusCode()).isEqualTo(403);
        assertThat(web.get("/agent/call/targets", new Anonymous()).statusCode()).isEqualTo(401);
    }

    @Test
    void aSupervisorsWallboardHoldsOnlyTheQueuesTheySuperviseAndTheirAgents() throws Exception {
        JsonNode sue = WebClient.json(web.get("/supervisor/board", supervisorToken));
        assertThat(sue.path("queues")).extracting(q -> q.path("queue").asText()).containsExactly("sales");
        JsonNode zed = WebClient.json(web.get("/supervisor/board", web.login("zed", PASSWORD)));
        assertThat(zed.path("queues")).extracting(q -> q.path("queue").asText()).containsExactly("support");
        JsonNode ada = WebClient.json(web.get("/supervisor/board", adminToken));
        assertThat(ada.path("queues")).extracting(q -> q.path("queue").asText()).contains("sales", "support");
        assertThat(web.get("/supervisor/board", agentSession).statusCode()).isEqualTo(403);
    }

    @Test
    void aSupervisorsReportsAreOfTheQueuesTheySuperviseOnly() throws Exception {
        String day = "/reports?from=2026-03-02&to=2026-03-03&interval=1d";
        assertThat(web.get(day + "&queue=sales", supervisorToken).statusCode()).isEqualTo(200);
        HttpResponse<String> other = web.get(day + "&queue=support", supervisorToken);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("sue").contains("[sales]");
        assertThat(web.get(day, supervisorToken).statusCode()).as("every queue at once").isEqualTo(403);
        assertThat(web.get(day + "&agent=amy", supervisorToken).statusCode()).as("an agent without a queue")
                .isEqualTo(403);
        assertThat(web.get(day + "&queue=support", web.login("zed", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(web.get(day, adminToken).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyASupervisorOfTheAgentsQueueMayListenAndOnlyAnAdminSetsTheirPhone() throws Exception {
        Map<String, String> listen = Map.of("agent", "agent1", "mode", "listen");
        // Zed supervises support; agent1 serves sales.
        HttpResponse<String> other = web.send("POST", "/supervisor/spy", web.login("zed", PASSWORD), listen);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("zed supervises none of agent1's queues");
        assertThat(web.send("POST", "/supervisor/spy", agentSession, listen).statusCode()).isEqualTo(403);
        assertThat(web.send("POST", "/supervisor/spy", supervisorSession.withoutCsrf(), listen).statusCode())
                .isEqualTo(403);
        assertThat(web.send("POST", "/supervisor/spy", expired, listen).statusCode()).isEqualTo(401);
        // Sue supervises sales: she passes the checks and is told what is missing, first her phone, then a call.
        HttpResponse<String> noPhone = web.send("POST", "/supervisor/spy", supervisorSession, listen);
        assertThat(noPhone.statusCode()).as(noPhone.body()).isEqualTo(409);
        assertThat(noPhone.body()).contains("sue has no phone");
        assertThat(web.send("POST", "/users/sue/phone", supervisorToken, Map.of("phone", "PJSIP/sue")).statusCode())
                .as("a supervisor sets no phone").isEqualTo(403);
        assertThat(web.send("POST", "/users/sue/phone", adminToken, Map.of("phone", "PJSIP/sue")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> noCall = web.send("POST", "/supervisor/spy", supervisorSession, listen);
        assertThat(noCall.statusCode()).as(noCall.body()).isEqualTo(409);
        assertThat(noCall.body()).contains("agent1 is on no call");
        assertThat(web.send("POST", "/supervisor/spy/stop", supervisorSession, Map.of("spy", 999)).statusCode())
                .isEqualTo(404);
        assertThat(web.get("/supervisor/spies", supervisorSession).statusCode()).isEqualTo(200);
        assertThat(web.get("/supervisor/spies", agentSession).statusCode()).isEqualTo(403);
    }

    @Test
    void thePublicListenerServesOnlyMetricsAndHealthAndTheAdminOneNeither() throws Exception {
        assertThat(rig.server.routes().publicRoutes()).extracting(Route::toString)
                .containsExactly("GET /metrics", "GET /health");
        WebClient open = new WebClient(rig.publicUrl());
        assertThat(open.get("/metrics", new Anonymous()).statusCode()).isEqualTo(200);
        assertThat(open.get("/health", new Anonymous()).statusCode()).isEqualTo(200);
        for (Route route : rig.server.routes().adminRoutes()) {
            HttpResponse<String> r = open.send(route.method().name(), concrete(route.path()), adminToken, null);
            assertThat(r.statusCode()).as(route + " on the public listener").isEqualTo(404);
        }
        assertThat(web.get("/metrics", adminToken).statusCode()).isEqualTo(404);
        assertThat(web.get("/health", adminToken).statusCode()).isEqualTo(404);
    }

    @Test
    void aPageRedirectsToTheLoginPageAndEveryAnswerCarriesTheProtectiveHeaders() throws Exception {
        HttpResponse<String> home = web.get("/", new Anonymous());
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("location")).hasValue("/login?next=%2F");
        HttpResponse<String> login = web.get("/login", new Anonymous());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("content-security-policy")).get().asString()
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(login.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(login.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        HttpResponse<String> me = web.get("/me", adminToken);
        assertThat(me.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndALoginMustBeJson() throws Exception {
        HttpResponse<String> r = web.attemptLogin("ada", PASSWORD);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        // Attribute names are case-insensitive (RFC 6265); Netty writes HTTPOnly.
        assertThat(cookie).startsWith("acd_session=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Path=/").doesNotContainIgnoringCase("Secure");
        // A form another site's page posts cannot say it is JSON.
        HttpResponse<String> form = web.send("POST", "/login", new Anonymous(), null);
        assertThat(form.statusCode()).isEqualTo(415);
    }

    /** A route's path with its parameters filled in with things that exist. */
    private static String concrete(String path) {
        // The REST API's items first: a queue, agent, skill, schedule, flow, version and callback that exist.
        path = path.replace("/api/queues/:id", "/api/queues/sales")
                .replace("/api/agents/:id", "/api/agents/agent1")
                .replace("/api/skills/:id", "/api/skills/spanish")
                .replace("/api/schedules/:id", "/api/schedules/office")
                .replace("/api/flows/:name", "/api/flows/main")
                .replace("/api/agent-states/:agent", "/api/agent-states/agent1")
                .replace("/api/callbacks/:id", "/api/callbacks/" + CALLBACK)
                .replace(":version", "1").replace(":from", "1").replace(":to", "1");
        return path.replace(":name", "zed").replace(":id", Long.toString(spareToken))
                .replace("/assets/*", "/assets/style.css").replace("/webjars/*", "/webjars/probe/1.0/probe.js")
                .replace("/agent/files/*", "/agent/files/desk.js")
                .replace("/supervisor/files/*", "/supervisor/files/wallboard.js")
                .replace("/console/files/*", "/console/files/console.js");
    }

    private static void refusedAsNotLoggedIn(Route route, String path, Credentials as, String what)
            throws Exception {
        HttpResponse<String> r = send(route, path, as);
        if (route.page()) {
            assertThat(r.statusCode()).as(route + " with " + what).isEqualTo(303);
            assertThat(r.headers().firstValue("location")).get().asString().startsWith("/login?next=");
        } else {
            assertThat(r.statusCode()).as(route + " with " + what + ": " + r.body()).isEqualTo(401);
        }
    }

    private static HttpResponse<String> send(Route route, String path, Credentials as) throws Exception {
        return web.send(route.method().name(), path, as, null);
    }
}
