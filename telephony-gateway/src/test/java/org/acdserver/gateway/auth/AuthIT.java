package org.acdserver.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Anonymous;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.WebClient.Session;
import org.acdserver.gateway.WebRig;
import org.acdserver.gateway.audit.AuditEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins, sessions, users, tokens and the audit log on a real server and PostgreSQL: what the API answers, what it
 * stores, and what ends up in the audit log. The login throttle here locks a user after 3 failures for 1 s; the
 * per-address limit is out of reach here (every request comes from 127.0.0.1) and is tested in LoginThrottleTest.
 */
class AuthIT {

    private static final String PASSWORD = "correct horse battery";
    private static WebRig rig;
    private static WebClient web;
    private static Bearer local;

    @BeforeAll
    static void start() throws Exception {
        Path tokenFile = Files.createTempDirectory("acd-auth-it").resolve("admin.token");
        rig = WebRig.start(b -> b.auth(AuthSettings.DEFAULTS
                .withThrottle(new AuthSettings.Throttle(3, 1_000, Duration.ofMinutes(15), Duration.ofSeconds(1),
                        Duration.ofSeconds(4)))
                .withFirstAdmin(new AuthSettings.FirstAdmin("root", PASSWORD))
                .withLocalTokenFile(tokenFile)));
        web = new WebClient(rig.adminUrl());
        local = new Bearer(rig.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void theFirstAdminComesFromTheEnvironmentOnlyWhileThereIsNone() throws Exception {
        assertThat(web.login("root", PASSWORD).cookie()).isNotBlank();
        assertThat(rig.server.accounts().logins().createFirstAdmin(new AuthSettings.FirstAdmin("second",
                PASSWORD))).as("an admin exists").isFalse();
        assertThat(rig.server.accounts().userStore().find("second")).isEmpty();
    }

    @Test
    void aLoginOpensASessionThatTellsWhoItIsAndLogoutEndsIt() throws Exception {
        rig.addUser("sam", PASSWORD, Role.SUPERVISOR, null, Set.of("sales", "support"));
        Session session = web.login("sam", PASSWORD);
        JsonNode me = WebClient.json(web.get("/me", session));
        assertThat(me.path("username").asText()).isEqualTo("sam");
        assertThat(me.path("role").asText()).isEqualTo("supervisor");
        assertThat(me.path("queues")).extracting(JsonNode::asText).containsExactly("sales", "support");
        assertThat(me.path("csrfToken").asText()).isEqualTo(session.csrfToken());

        HttpResponse<String> out = web.send("POST", "/logout", session, null);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("set-cookie")).get().asString().contains("Max-Age=0");
        assertThat(web.get("/me", session).statusCode()).as("the session is over").isEqualTo(401);
        List<AuditEntry> sams = rig.server.audit().read(null, "sam", 10).join();
        assertThat(sams).extracting(AuditEntry::action).containsSubsequence("logout", "login");
        assertThat(sams).allSatisfy(e -> assertThat(e.address()).isEqualTo("127.0.0.1"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndAreAuditedAsFailures() throws Exception {
        rig.addUser("una", PASSWORD, Role.ADMIN, null, Set.of());
        HttpResponse<String> wrong = web.attemptLogin("una", "not the password");
        HttpResponse<String> nobody = web.attemptLogin("nobody-at-all", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(nobody.body()).contains("wrong username or password");
        assertThat(rig.server.audit().read(null, "una", 10).join()).first().satisfies(e -> {
            assertThat(e.action()).isEqualTo("login");
            assertThat(e.success()).isFalse();
        });
        assertThat(rig.server.audit().read(null, "nobody-at-all", 10).join()).singleElement()
                .extracting(AuditEntry::success).isEqualTo(false);
    }

    @Test
    void repeatedFailuresLockAUserOutEvenWithTheRightPasswordUntilTheLockoutEnds() throws Exception {
        rig.addUser("bob", PASSWORD, Role.ADMIN, null, Set.of());
        for (int i = 0; i < 3; i++) {
            assertThat(web.attemptLogin("bob", "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = web.attemptLogin("bob", PASSWORD);
        assertThat(locked.statusCode()).as("the right password during the lockout").isEqualTo(429);
        assertThat(locked.headers().firstValue("retry-after")).hasValue("1");
        assertThat(WebClient.json(locked).path("error").asText()).contains("too many failed logins for this user");
        // Other users are not locked by bob's failures.
        rig.addUser("carl", PASSWORD, Role.ADMIN, null, Set.of());
        assertThat(web.attemptLogin("carl", PASSWORD).statusCode()).isEqualTo(200);
        await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> web.attemptLogin("bob", PASSWORD).statusCode() == 200);
        assertThat(rig.server.audit().read(null, "bob", 10).join()).extracting(AuditEntry::detail)
                .anySatisfy(d -> assertThat(d).contains("further logins locked for 1 s"));
    }

    @Test
    void usersAreValidatedAgainstTheConfigurationAndNeverShowTheirPasswordHash() throws Exception {
        HttpResponse<String> unknownAgent = web.send("POST", "/users", local, Map.of("username", "ann",
                "password", PASSWORD, "role", "agent", "agent", "agent99"));
        assertThat(unknownAgent.statusCode()).isEqualTo(400);
        assertThat(WebClient.json(unknownAgent).path("error").asText()).contains("no agent 'agent99'")
                .contains("agent1");
        HttpResponse<String> unknownQueue = web.send("POST", "/users", local, Map.of("username", "sid",
                "password", PASSWORD, "role", "supervisor", "queues", List.of("salez")));
        assertThat(WebClient.json(unknownQueue).path("error").asText()).contains("no queue 'salez'");
        HttpResponse<String> shortPassword = web.send("POST", "/users", local, Map.of("username", "sid",
                "password", "short", "role", "admin"));
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(WebClient.json(shortPassword).path("error").asText()).contains("at least 10 characters");
        HttpResponse<String> badRole = web.send("POST", "/users", local, Map.of("username", "sid",
                "password", PASSWORD, "role", "root"));
        assertThat(WebClient.json(badRole).path("error").asText()).contains("unknown role 'root'");

        HttpResponse<String> added = web.send("POST", "/users", local, Map.of("username", "ann",
                "password", PASSWORD, "role", "agent", "agent", "agent2"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(WebClient.json(added).path("agentId").asText()).isEqualTo("agent2");
        assertThat(web.send("POST", "/users", local, Map.of("username", "ann", "password", PASSWORD,
                "role", "admin")).statusCode()).as("a taken name").isEqualTo(400);
        String list = web.get("/users", local).body();
        assertThat(list).contains("\"username\":\"ann\"").doesNotContain("$2a$").doesNotContain("password");
        AuditEntry add = rig.server.audit().read(null, "local", 50).join().stream()
                .filter(e -> e.action().equals("user_add") && "ann".equals(e.target())).findFirst().orElseThrow();
        assertThat(add.after().toString()).contains("agent2").doesNotContain("$2a$");
    }

    @Test
    void aNewPasswordOrADisabledUserEndsTheirSessionsAndTokens() throws Exception {
        rig.addUser("eve", PASSWORD, Role.SUPERVISOR, null, Set.of("sales"));
        Session first = web.login("eve", PASSWORD);
        HttpResponse<String> created = web.send("POST", "/tokens", first, Map.of("name", "eve's script"));
        Bearer token = new Bearer(WebClient.json(created).path("token").asText());
        assertThat(web.get("/tokens", token).statusCode()).isEqualTo(200);

        String newPassword = "an even better password";
        assertThat(web.send("POST", "/users/eve/password", local, Map.of("password", newPassword)).statusCode())
                .isEqualTo(200);
        assertThat(web.get("/me", first).statusCode()).as("sessions end with a new password").isEqualTo(401);
        assertThat(web.attemptLogin("eve", PASSWORD).statusCode()).isEqualTo(401);
        Session second = web.login("eve", newPassword);

        HttpResponse<String> disabled = web.send("POST", "/users/eve/disable", local, null);
        assertThat(WebClient.json(disabled).path("disabled").asBoolean()).isTrue();
        assertThat(web.get("/me", second).statusCode()).as("a disabled user's session").isEqualTo(401);
        assertThat(web.get("/tokens", token).statusCode()).as("a disabled user's token").isEqualTo(401);
        assertThat(web.attemptLogin("eve", newPassword).statusCode()).isEqualTo(401);
        web.send("POST", "/users/eve/enable", local, null);
        assertThat(web.get("/tokens", token).statusCode()).as("enabled again").isEqualTo(200);
        assertThat(rig.server.audit().read(null, "local", 50).join()).extracting(AuditEntry::action)
                .contains("user_password", "user_disable", "user_enable");
    }

    @Test
    void tokensAreShownOnceListedWithoutSecretsExpireAndAreRevocableByTheirOwnerOrAnAdmin() throws Exception {
        rig.addUser("fay", PASSWORD, Role.SUPERVISOR, null, Set.of("support"));
        rig.addUser("gus", PASSWORD, Role.SUPERVISOR, null, Set.of("sales"));
        Session fay = web.login("fay", PASSWORD);
        Session gus = web.login("gus", PASSWORD);
        HttpResponse<String> created = web.send("POST", "/tokens", fay, Map.of("name", "wallboard feed",
                "days", 7));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode token = WebClient.json(created);
        String secret = token.path("token").asText();
        assertThat(secret).startsWith("acd_").hasSizeGreaterThan(40);
        assertThat(Instant.parse(token.path("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(60), Instant.now().plus(
                        Duration.ofDays(7)));
        assertThat(web.send("POST", "/tokens", fay, Map.of("name", "forever", "days", 4000)).statusCode())
                .as("longer than auth.maxTokenDays").isEqualTo(400);
        assertThat(web.send("POST", "/tokens", fay, Map.of("name", "for gus", "user", "gus")).statusCode())
                .as("only admins create tokens for others").isEqualTo(403);
        HttpResponse<String> nobody = web.send("POST", "/tokens", local, Map.of("name", "x", "user", "nobody"));
        assertThat(nobody.statusCode()).isEqualTo(404);

        String listed = web.get("/tokens", fay).body();
        assertThat(listed).contains("wallboard feed").contains(secret.substring(0, 10)).doesNotContain(secret);
        assertThat(web.get("/tokens", gus).body()).as("gus sees only his own").doesNotContain("wallboard feed");
        assertThat(web.get("/tokens", local).body()).as("an admin sees all").contains("wallboard feed");

        long id = token.path("id").asLong();
        assertThat(web.send("DELETE", "/tokens/" + id, gus, null).statusCode()).as("not gus's").isEqualTo(403);
        assertThat(web.get("/me", new Bearer(secret)).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = web.send("DELETE", "/tokens/" + id, fay, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(WebClient.json(revoked).path("revokedBy").asText()).isEqualTo("fay");
        assertThat(web.get("/me", new Bearer(secret)).statusCode()).isEqualTo(401);
        assertThat(web.send("DELETE", "/tokens/" + id, fay, null).statusCode()).as("twice").isEqualTo(404);

        List<AuditEntry> fays = rig.server.audit().read(null, "fay", 20).join();
        assertThat(fays).extracting(AuditEntry::action).contains("token_create", "token_revoke");
        assertThat(fays.toString()).doesNotContain(secret);
    }

    @Test
    void theAuditLogIsReadableByAdminsOnlyAndTheDatabaseRefusesToChangeIt() throws Exception {
        rig.addUser("hal", PASSWORD, Role.ADMIN, null, Set.of());
        web.login("hal", PASSWORD);
        HttpResponse<String> audit = web.get("/audit?user=hal&limit=5", local);
        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode entries = WebClient.json(audit);
        assertThat(entries.get(0).path("action").asText()).isEqualTo("login");
        assertThat(entries.get(0).path("actor").asText()).isEqualTo("hal");
        assertThat(entries.get(0).path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(web.get("/audit?since=yesterday", local).statusCode()).isEqualTo(400);
        assertThat(WebClient.json(web.get("/audit?since=" + Instant.now().plusSeconds(3600), local))).isEmpty();

        try (Connection c = rig.server.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String change : List.of("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log")) {
                assertThatThrownBy(() -> st.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("audit_log is append-only");
            }
        }
        assertThat(rig.server.audit().read(null, "hal", 5).join()).isNotEmpty();
    }

    @Test
    void aReloadIsAuditedWithTheConfigurationVersionBeforeAndAfter() throws Exception {
        long before = rig.server.configuration().version();
        HttpResponse<String> reload = web.send("POST", "/reload", local, null);
        assertThat(reload.statusCode()).isEqualTo(200);
        AuditEntry entry = rig.server.audit().read(null, "local", 20).join().stream()
                .filter(e -> e.action().equals("reload")).findFirst().orElseThrow();
        assertThat(entry.success()).isTrue();
        assertThat(entry.actorRole()).isEqualTo("admin");
        assertThat(entry.before().toString()).contains("\"version\":" + before);
        assertThat(entry.after().toString()).contains("\"version\":" + (before + 1)).contains("main");
        assertThat(entry.detail()).startsWith("reloaded");
        assertThat(web.get("/me", new Anonymous()).statusCode()).isEqualTo(401);
    }
}
