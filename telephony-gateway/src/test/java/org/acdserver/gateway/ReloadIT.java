package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentState;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the configuration files and reloading them keeps agents' states; a broken file changes nothing. */
class ReloadIT {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void reloadAddsAgentsKeepsStatesAndRejectsBrokenFiles(@TempDir Path dir) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "queues.yaml", "schedules.yaml", "queries.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        try (var flows = Files.list(CONFIG.resolve("flows"))) {
            for (Path f : flows.toList()) {
                Files.copy(f, dir.resolve("flows").resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - {id: a1, endpoint: PJSIP/1001, queues: [sales, support]}
                """);
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(dir);
        ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0).publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0).ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                // A database of its own, not the default data directory beside the temporary configuration.
                .database(SharedPostgres.freshDatabase(null))
                .auth(loaded.settings().auth().withLocalTokenFile(dir.resolve("admin.token"))).build();
        try (AcdServer server = AcdServer.start(settings, loaded.configuration())) {
            server.core().agentLoggedOut("a1");
            Files.writeString(dir.resolve("agents.yaml"), """
                    agents:
                      - {id: a1, endpoint: PJSIP/1001, queues: [sales, support]}
                      - {id: a2, endpoint: PJSIP/1002, queues: [sales], skills: {spanish: 4}}
                    """);
            HttpResponse<String> ok = post(server, "/reload");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("2 agents");
            var agents = server.core().snapshot().get(5, TimeUnit.SECONDS).agents();
            assertThat(agents.get("a1").state()).isEqualTo(AgentState.LOGGED_OUT);
            assertThat(agents.get("a2").state()).isEqualTo(AgentState.READY);

            Files.writeString(dir.resolve("queues.yaml"),
                    "queues:\n  - id: sales\n    fallback: flow\n    strategy: ring-all\n");
            HttpResponse<String> bad = post(server, "/reload");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("queues.yaml:4:").contains("unknown strategy 'ring-all'");
            assertThat(server.core().snapshot().get(5, TimeUnit.SECONDS).agents()).containsKeys("a1", "a2");
            assertThat(server.configuration().routing().queuesById()).containsKey("support");
        }
    }

    private static HttpResponse<String> post(AcdServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .header("Authorization", "Bearer " + server.accounts().localToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
