package org.acdserver.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.ApiRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.audit.AuditEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Configuration versions in PostgreSQL: each activation that changes the files stores all of them as a new version;
 * versions are listed, read, compared and activated again (any of them), an invalid one is refused without touching
 * the files, and the history outlives a restart. One server on a copy of the configuration for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigurationVersionsIT {

    private static ApiRig rig;
    private static WebClient web;
    private static Bearer admin;

    @BeforeAll
    static void start() throws Exception {
        rig = ApiRig.start();
        web = new WebClient(rig.adminUrl());
        admin = new Bearer(rig.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    @Test
    @Order(1)
    void theStartIsVersionOneWithEveryFileButAcdYaml() throws Exception {
        JsonNode versions = json(web.get("/api/versions", admin), 200).path("versions");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("number").asInt()).isEqualTo(1);
        assertThat(versions.get(0).path("source").asText()).isEqualTo("startup");
        List<String> files = texts(versions.get(0).path("files"));
        assertThat(files).contains("queues.yaml", "agents.yaml", "skills.yaml", "schedules.yaml", "queries.yaml",
                "flows/main.yaml", "flows/vip.yaml").doesNotContain("acd.yaml");

        HttpResponse<String> one = web.get("/api/versions/1", admin);
        JsonNode v1 = json(one, 200);
        assertThat(v1.path("files").path("queues.yaml").asText())
                .isEqualTo(Files.readString(rig.config().resolve("queues.yaml")));
        assertThat(one.headers().firstValue("etag")).hasValue("\"" + v1.path("contentHash").asText() + "\"");
        assertThat(web.get("/api/versions/99", admin).statusCode()).isEqualTo(404);
        assertThat(web.get("/api/versions/x", admin).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void aReloadOfEditedFilesIsTheNextVersionAndTheDiffShowsTheEdit() throws Exception {
        Path queues = rig.config().resolve("queues.yaml");
        Files.writeString(queues, Files.readString(queues).replace("ringTimeoutSeconds: 15",
                "ringTimeoutSeconds: 17"));
        assertThat(json(web.send("POST", "/reload", admin, null), 200).path("message").asText())
                .contains("stored as version 2");
        JsonNode v2 = json(web.get("/api/versions/2", admin), 200);
        assertThat(v2.path("source").asText()).isEqualTo("reload");
        assertThat(v2.path("actor").asText()).isEqualTo("local");

        // Nothing changed: no new version.
        assertThat(json(web.send("POST", "/reload", admin, null), 200).path("message").asText())
                .contains("unchanged since stored version 2");
        assertThat(json(web.get("/api/versions", admin), 200).path("versions")).hasSize(2);

        JsonNode diff = json(web.get("/api/versions/1/diff/2", admin), 200);
        assertThat(diff.path("files")).hasSize(1);
        assertThat(diff.path("files").get(0).path("file").asText()).isEqualTo("queues.yaml");
        assertThat(diff.path("files").get(0).path("change").asText()).isEqualTo("modified");
        assertThat(diff.path("diff").asText()).contains("--- a/queues.yaml", "+++ b/queues.yaml",
                "-    ringTimeoutSeconds: 15", "+    ringTimeoutSeconds: 17");
        assertThat(json(web.get("/api/versions/2/diff/2", admin), 200).path("files")).isEmpty();
    }

    @Test
    @Order(3)
    void activatingVersionOneWritesItsFilesBackAndStoresItAsTheNewestVersion() throws Exception {
        long active = rig.server().configuration().version();
        JsonNode done = json(web.send("POST", "/api/versions/1/activate", admin, null), 200);
        assertThat(done.path("message").asText()).contains("stored as version 3");
        assertThat(Files.readString(rig.config().resolve("queues.yaml"))).contains("ringTimeoutSeconds: 15")
                .doesNotContain("ringTimeoutSeconds: 17");
        assertThat(rig.server().configuration().version()).isEqualTo(active + 1);
        assertThat(rig.server().configuration().routing().queuesById().get("sales").ringTimeoutSeconds())
                .isEqualTo(15);
        JsonNode v3 = json(web.get("/api/versions/3", admin), 200);
        assertThat(v3.path("source").asText()).isEqualTo("rollback");
        assertThat(v3.path("detail").asText()).isEqualTo("rollback to version 1");
        assertThat(v3.path("contentHash").asText())
                .isEqualTo(json(web.get("/api/versions/1", admin), 200).path("contentHash").asText());
        AuditEntry audited = rig.server().audit().read(null, "local", 20).join().stream()
                .filter(e -> e.action().equals("version_activate")).findFirst().orElseThrow();
        assertThat(audited.success()).isTrue();
        assertThat(audited.target()).isEqualTo("1");
        assertThat(audited.before().toString()).contains("\"version\":" + active);
        assertThat(audited.after().toString()).contains("\"version\":" + (active + 1));

        assertThat(web.send("POST", "/api/versions/42/activate", admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aStoredVersionThatNoLongerLoadsIsRefusedWithItsPlaceAndNothingIsWritten() throws Exception {
        String queues = Files.readString(rig.config().resolve("queues.yaml"));
        String broken = queues.replace("strategy: longest-idle", "strategy: ring-everyone");
        int line = lineOf(broken, "ring-everyone");
        // A version stored by a server whose code accepted what this one refuses.
        try (Connection c = rig.server().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO config_version (number, actor, source,"
                     + " content_hash, files) SELECT 50, 'test', 'api', 'x', files || jsonb_build_object("
                     + "'queues.yaml', ?::text) FROM config_version WHERE number = 1")) {
            ps.setString(1, broken);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        long active = rig.server().configuration().version();
        HttpResponse<String> refused = web.send("POST", "/api/versions/50/activate", admin, null);
        JsonNode body = json(refused, 422);
        assertThat(body.path("error").asText()).contains(rig.config().resolve("queues.yaml") + ":" + line + ":")
                .contains("ring-everyone").doesNotContain("-check-");
        assertThat(body.path("problems").get(0).path("line").asInt()).isEqualTo(line);
        assertThat(body.path("problems").get(0).path("file").asText())
                .isEqualTo(rig.config().resolve("queues.yaml").toString());
        assertThat(Files.readString(rig.config().resolve("queues.yaml"))).isEqualTo(queues);
        assertThat(rig.server().configuration().version()).isEqualTo(active);
        try (var left = Files.list(rig.config().getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("-check-"));
        }
    }

    @Test
    @Order(5)
    void theHistoryOutlivesARestart() throws Exception {
        rig.restart();
        web = new WebClient(rig.adminUrl());
        admin = new Bearer(rig.adminToken());
        JsonNode versions = json(web.get("/api/versions", admin), 200).path("versions");
        assertThat(versions).extracting(v -> v.path("number").asInt()).startsWith(51, 50, 3, 2, 1);
        assertThat(versions.get(0).path("source").asText()).as("the files differ from the newest version, 50")
                .isEqualTo("startup");
        JsonNode done = json(web.send("POST", "/api/versions/2/activate", admin, null), 200);
        assertThat(done.path("message").asText()).contains("stored as version 52");
        assertThat(Files.readString(rig.config().resolve("queues.yaml"))).contains("ringTimeoutSeconds: 17");
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return WebClient.json(r);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int lineOf(String text, String what) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(what)) {
                return i + 1;
            }
        }
        throw new AssertionError(what + " not in the text");
    }
}
