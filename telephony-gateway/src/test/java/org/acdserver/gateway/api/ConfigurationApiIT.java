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
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.ApiRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.SectionText;
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
        long version = rig.server().configuration().version();
        ObjectNode broken = (ObjectNode) JSON.readTree(
                "{\"id\":\"agent9\",\"endpoint\":\"PJSIP/1009\",\"queues\":[\"nowhere\"]}");
        HttpResponse<String> refused = web.send("POST", "/api/agents", admin, broken);
        JsonNode body = json(refused, 422);
        assertThat(body.path("error").asText()).contains(agents.toString() + ":").contains("nowhere");
        assertThat(body.path("problems").get(0).path("line").asInt()).isPositive();
        assertThat(Files.readString(agents)).isEqualTo(before);
        assertThat(rig.server().configuration().version()).isEqualTo(version);
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
