package org.acdserver.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.acdserver.gateway.ApiRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.WebClient.Session;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.SectionText;
import org.acdserver.gateway.http.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API over the configuration files, on one server that also watches its files: items of queues, agents,
 * skills and schedules and flows are read with an ETag and written with If-Match into the same YAML files, checked as
 * a reload checks them (an invalid write changes nothing and answers with the reload's own message), activated,
 * stored as versions and audited; a file edited by hand is picked up and stored the same way.
 */
class ConfigurationApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ApiRig rig;
    private static WebClient web;
    private static Bearer admin;

    @BeforeAll
    static void start() throws Exception {
        rig = ApiRig.start(true);
        web = new WebClient(rig.adminUrl());
        admin = new Bearer(rig.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    void aQueueIsUpdatedInItsFileWithIfMatchAndAStaleWriterGets412() throws Exception {
        JsonNode list = json(web.get("/api/queues", admin), 200).path("items");
        assertThat(list.findValuesAsText("id")).contains("sales", "support");
        HttpResponse<String> read = web.get("/api/queues/sales", admin);
        ObjectNode sales = (ObjectNode) json(read, 200);
        String etag = read.headers().firstValue("etag").orElseThrow();
        assertThat(sales.path("ringTimeoutSeconds").asInt()).isEqualTo(15);

        ObjectNode changed = sales.deepCopy().put("ringTimeoutSeconds", 21);
        assertThat(send("PUT", "/api/queues/sales", null, changed).statusCode()).as("no If-Match").isEqualTo(428);
        assertThat(send("PUT", "/api/queues/sales", "\"not-it\"", changed).statusCode()).isEqualTo(412);
        HttpResponse<String> written = send("PUT", "/api/queues/sales", etag, changed);
        JsonNode answer = json(written, 200);
        assertThat(answer.path("item").path("ringTimeoutSeconds").asInt()).isEqualTo(21);
        assertThat(answer.path("message").asText()).contains("stored as version");
        String queues = Files.readString(rig.config().resolve("queues.yaml"));
        assertThat(queues).contains("ringTimeoutSeconds: 21").startsWith("# Queues.")
                .as("the other queue stays as written")
                .contains("    escalation:\n      - {after: 60, skills: {spanish: 3}}");
        assertThat(rig.server().configuration().routing().queuesById().get("sales").ringTimeoutSeconds())
                .isEqualTo(21);
        assertThat(written.headers().firstValue("etag")).isPresent().get().isNotEqualTo(etag);

        // A second administrator who read before that write is refused, and nothing changes.
        HttpResponse<String> stale = send("PUT", "/api/queues/sales", etag, sales.deepCopy()
                .put("ringTimeoutSeconds", 30));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(Files.readString(rig.config().resolve("queues.yaml"))).isEqualTo(queues);

        AuditEntry audited = rig.server().audit().read(null, "local", 50).join().stream()
                .filter(e -> e.action().equals("queue_update") && e.success()).findFirst().orElseThrow();
        assertThat(audited.target()).isEqualTo("sales");
        assertThat(audited.before().toString()).contains("\"ringTimeoutSeconds\":15");
        assertThat(audited.after().toString()).contains("\"ringTimeoutSeconds\":21");
        JsonNode newest = json(web.get("/api/versions", admin), 200).path("versions").get(0);
        assertThat(newest.path("source").asText()).isEqualTo("api");
        assertThat(newest.path("actor").asText()).isEqualTo("local");
    }

    @Test
    void anInvalidWriteChangesNothingAndNamesThePlaceAsAReloadOfTheSameFileDoes() throws Exception {
        Path agents = rig.config().resolve("agents.yaml");
        String before = Files.readString(agents);
        // The stored versions, not the in-memory snapshot's number: the file watch may still reload (and find
        // nothing new) after an earlier test's write, which renumbers the snapshot but stores no version.
        int stored = json(web.get("/api/versions", admin), 200).path("versions").get(0).path("number").asInt();
        assertThat(stored).isPositive();
        ObjectNode broken = (ObjectNode) JSON.readTree(
                "{\"id\":\"agent9\",\"endpoint\":\"PJSIP/1009\",\"queues\":[\"nowhere\"]}");
        HttpResponse<String> refused = web.send("POST", "/api/agents", admin, broken);
        JsonNode body = json(refused, 422);
        assertThat(body.path("error").asText()).contains(agents.toString() + ":").contains("nowhere");
        assertThat(body.path("problems").get(0).path("line").asInt()).isPositive();
        assertThat(Files.readString(agents)).isEqualTo(before);
        assertThat(json(web.get("/api/versions", admin), 200).path("versions").get(0).path("number").asInt())
                .isEqualTo(stored);
        assertThat(rig.server().configuration().routing().agents()).noneMatch(a -> a.id().equals("agent9"));
        assertThat(rig.server().audit().read(null, "local", 50).join()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("agent_create");
            assertThat(e.success()).isFalse();
        });

        // The same change made by hand: the reload refuses it with the very same message.
        String byHand = SectionText.of(ConfigSection.AGENTS, "agents.yaml", before).put(broken);
        try {
            Files.writeString(agents, byHand);
            HttpResponse<String> reload = web.send("POST", "/reload", admin, null);
            assertThat(reload.statusCode()).isEqualTo(400);
            assertThat(WebClient.json(reload).path("error").asText()).isEqualTo(body.path("error").asText());
        } finally {
            Files.writeString(agents, before);
        }
    }

    @Test
    void agentsAndSkillsAreCreatedAndDeleted() throws Exception {
        HttpResponse<String> skill = web.send("POST", "/api/skills", admin,
                Map.of("id", "french", "description", "speaks French"));
        assertThat(skill.statusCode()).as(skill.body()).isEqualTo(201);
        assertThat(Files.readString(rig.config().resolve("skills.yaml"))).contains("  french: speaks French");
        Map<String, Object> agent = Map.of("id", "agent7", "endpoint", "Local/agent7@sim-agent/n",
                "queues", List.of("support"), "skills", Map.of("french", 5));
        assertThat(web.send("POST", "/api/agents", admin, agent).statusCode()).isEqualTo(201);
        assertThat(web.send("POST", "/api/agents", admin, agent).statusCode()).as("exists").isEqualTo(409);
        assertThat(rig.server().configuration().routing().agents()).anySatisfy(a ->
                assertThat(a.id()).isEqualTo("agent7"));
        HttpResponse<String> read = web.get("/api/agents/agent7", admin);
        assertThat(json(read, 200).path("skills").path("french").asInt()).isEqualTo(5);
        assertThat(send("DELETE", "/api/agents/agent7", null, null).statusCode()).isEqualTo(428);
        assertThat(send("DELETE", "/api/agents/agent7", read.headers().firstValue("etag").orElseThrow(), null)
                .statusCode()).isEqualTo(200);
        assertThat(web.get("/api/agents/agent7", admin).statusCode()).isEqualTo(404);
        assertThat(rig.server().configuration().routing().agents()).noneSatisfy(a ->
                assertThat(a.id()).isEqualTo("agent7"));
        assertThat(json(web.get("/api/schedules", admin), 200).path("items").findValuesAsText("id"))
                .contains("office", "always");
    }

    @Test
    void flowsAreValidatedTestedAndUploaded() throws Exception {
        assertThat(json(web.get("/api/flows", admin), 200).path("flows").findValuesAsText("name"))
                .contains("main", "care");
        HttpResponse<String> read = web.get("/api/flows/main", admin);
        JsonNode main = json(read, 200);
        String text = main.path("text").asText();
        assertThat(main.path("versions")).isNotEmpty();

        String broken = text.replace("fallback: goodbye", "fallback: nowhere");
        JsonNode invalid = json(web.send("POST", "/api/flows/main/validate", admin, Map.of("text", broken)), 200);
        assertThat(invalid.path("valid").asBoolean()).isFalse();
        assertThat(invalid.path("problems").get(0).path("file").asText()).endsWith("flows/main.yaml");
        assertThat(invalid.path("problems").get(0).path("line").asInt()).isEqualTo(21);
        assertThat(invalid.path("problems").get(0).path("column").asInt()).isEqualTo(5);
        assertThat(json(web.send("POST", "/api/flows/main/validate", admin, Map.of("text", text)), 200)
                .path("valid").asBoolean()).isTrue();

        JsonNode run = json(web.send("POST", "/api/flows/main/test", admin, null), 200);
        assertThat(run.path("passed").asInt()).isEqualTo(3);
        assertThat(run.path("failed").asInt()).isZero();
        String swapped = text.replace("\"1\": sales\n      \"2\": support", "\"1\": support\n      \"2\": sales");
        JsonNode failing = json(web.send("POST", "/api/flows/main/test", admin, Map.of("text", swapped)), 200);
        assertThat(failing.path("failed").asInt()).isEqualTo(2);
        assertThat(rig.server().activeFlows().get("main").text()).as("a test run activates nothing")
                .isEqualTo(text);

        assertThat(send("PUT", "/api/flows/main", "\"old\"", Map.of("text", swapped)).statusCode())
                .isEqualTo(412);
        HttpResponse<String> up = send("PUT", "/api/flows/main", read.headers().firstValue("etag").orElseThrow(),
                Map.of("text", swapped));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(rig.server().activeFlows().get("main").text()).isEqualTo(swapped);
        assertThat(Files.readString(rig.config().resolve("flows/main.yaml"))).isEqualTo(swapped);
        HttpResponse<String> bad = send("PUT", "/api/flows/main", up.headers().firstValue("etag").orElseThrow(),
                Map.of("text", broken));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Files.readString(rig.config().resolve("flows/main.yaml"))).isEqualTo(swapped);
    }

    @Test
    void aFileEditedByHandIsPickedUpAndStoredAsAVersion() throws Exception {
        int newest = json(web.get("/api/versions", admin), 200).path("versions").get(0).path("number").asInt();
        Path skills = rig.config().resolve("skills.yaml");
        Files.writeString(skills, Files.readString(skills) + "  chess: plays chess with callers on hold\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> json(web.get("/api/versions", admin), 200)
                .path("versions").get(0).path("number").asInt() > newest);
        JsonNode v = json(web.get("/api/versions", admin), 200).path("versions").get(0);
        assertThat(v.path("source").asText()).isEqualTo("file");
        assertThat(v.path("actor").asText()).isEqualTo("file change");
        assertThat(json(web.get("/api/skills/chess", admin), 200).path("description").asText())
                .isEqualTo("plays chess with callers on hold");
    }

    @Test
    void theOpenApiDocumentDescribesEveryApiRouteWithItsMethodsAndNoOther() throws Exception {
        JsonNode doc = json(web.get("/api/openapi.json", admin), 200);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            assertThat(path.getValue().path(method).path("responses").size()).as(path.getKey()).isPositive();
        }));
        Set<String> routed = new TreeSet<>();
        for (Route r : rig.server().routes().adminRoutes()) {
            if (r.path().startsWith("/api/")) {
                routed.add(r.method().name() + " " + r.path().replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void callbacksAreListedWithFiltersAndWholeNumbersOnlyForAdminsAndTheirQueuesSupervisors() throws Exception {
        CallbackStore store = rig.server().callbacks().store();
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        // Asked for through the desk, as a caller's key press asks: stored and in the routing core's line.
        rig.server().callbacks().request(new CallbackTicket("api-s1", "call-s1", "sales", "5550111", 0, Map.of(), t,
                t, null, Map.of())).join();
        rig.server().callbacks().request(new CallbackTicket("api-p1", "call-p1", "support", "5550122", 0, Map.of(),
                t, t.plusSeconds(60), null, Map.of())).join();
        rig.addUser("sam", "correct horse battery", Role.SUPERVISOR, null, Set.of("sales"));
        rig.addUser("al", "correct horse battery", Role.AGENT, "agent1", Set.of());
        Session sam = web.login("sam", "correct horse battery");
        Session al = web.login("al", "correct horse battery");

        JsonNode all = json(web.get("/api/callbacks?since=2026-11-20T00:00:00Z&until=2026-11-21T00:00:00Z", admin),
                200).path("callbacks");
        assertThat(all.findValuesAsText("id")).containsExactly("api-p1", "api-s1");
        assertThat(all.findValuesAsText("number")).containsExactly("5550122", "5550111");
        assertThat(json(web.get("/api/callbacks?queue=support&state=pending", admin), 200).path("callbacks")
                .findValuesAsText("id")).containsExactly("api-p1");
        assertThat(web.get("/api/callbacks?state=lost", admin).statusCode()).isEqualTo(400);

        JsonNode sales = json(web.get("/api/callbacks", sam), 200).path("callbacks");
        assertThat(sales.findValuesAsText("id")).containsExactly("api-s1");
        assertThat(sales.findValuesAsText("number")).containsExactly("5550111");
        assertThat(web.get("/api/callbacks?queue=support", sam).statusCode()).isEqualTo(403);
        JsonNode agents = json(web.get("/api/callbacks", al), 200).path("callbacks");
        assertThat(agents.findValuesAsText("id")).containsExactly("api-s1");
        assertThat(agents.findValuesAsText("number")).containsExactly("*****11");
        assertThat(web.send("POST", "/api/callbacks/api-s1/cancel", al, null).statusCode()).isEqualTo(403);

        assertThat(web.send("POST", "/api/callbacks/api-p1/cancel", sam, null).statusCode())
                .as("not their queue").isEqualTo(403);
        assertThat(web.send("POST", "/api/callbacks/api-s1/reschedule", sam,
                Map.of("at", "2026-11-22T09:00:00Z")).statusCode()).isEqualTo(200);
        assertThat(store.find("api-s1").orElseThrow().notBefore()).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
        assertThat(web.send("POST", "/api/callbacks/api-s1/cancel", sam, null).statusCode()).isEqualTo(200);
        assertThat(store.find("api-s1").orElseThrow().state()).isEqualTo("cancelled");
        assertThat(web.send("POST", "/api/callbacks/api-s1/cancel", sam, null).statusCode()).isEqualTo(409);
        assertThat(web.send("POST", "/api/callbacks/nope/cancel", admin, null).statusCode()).isEqualTo(404);
        assertThat(rig.server().audit().read(null, "sam", 20).join()).extracting(AuditEntry::action)
                .contains("callback_cancel", "callback_reschedule");
    }

    @Test
    void aSupervisorSetsAnAgentOfTheirQueueNotReadyOrSignsThemOutAndNoOther() throws Exception {
        rig.addUser("sid", "correct horse battery", Role.SUPERVISOR, null, Set.of("support"));
        Session sid = web.login("sid", "correct horse battery");
        rig.server().core().agentReady("agent3");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("agent3").equals("READY"));
        HttpResponse<String> forced = web.send("POST", "/api/agent-states/agent3", sid,
                Map.of("state", "not_ready", "reason", "coaching"));
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("agent3").equals("NOT_READY"));
        assertThat(web.send("POST", "/api/agent-states/agent1", sid, Map.of("state", "signed_out")).statusCode())
                .as("agent1 serves sales only").isEqualTo(403);
        assertThat(web.send("POST", "/api/agent-states/nobody", sid, Map.of("state", "signed_out")).statusCode())
                .isEqualTo(404);
        assertThat(web.send("POST", "/api/agent-states/agent3", sid, Map.of("state", "ready")).statusCode())
                .isEqualTo(400);
        assertThat(json(web.get("/api/agent-states", sid), 200).path("agents").findValuesAsText("id"))
                .contains("agent3", "agent4").doesNotContain("agent1");
        AuditEntry audited = rig.server().audit().read(null, "sid", 20).join().stream()
                .filter(e -> e.action().equals("agent_state_force")).findFirst().orElseThrow();
        assertThat(audited.target()).isEqualTo("agent3");
        assertThat(audited.before().toString()).contains("READY");
        assertThat(audited.after().toString()).contains("not_ready").contains("coaching");
    }

    private static String state(String agent) {
        return rig.server().core().snapshot().join().agents().get(agent).state().name();
    }

    /** A request with the admin's token and an optional If-Match. */
    private static HttpResponse<String> send(String method, String path, String ifMatch, Object body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rig.adminUrl() + path))
                .header("Authorization", "Bearer " + admin.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return WebClient.json(r);
    }
}
