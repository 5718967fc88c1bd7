package org.acdserver.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.SharedPostgres;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.WebClient.Session;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.junit.jupiter.api.Test;

/**
 * Sessions, tokens, users and the local token live in the server's data directory, so a restart keeps them: a page
 * stays logged in and a script's token keeps working.
 */
class SessionRestartIT {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void aSessionATokenAndTheLocalTokenOutliveARestart() throws Exception {
        Path data = Files.createTempDirectory("acd-restart");
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(TestRig.repoRoot().resolve("config"));
        ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0).publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0).ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                .database(SharedPostgres.freshDatabase(data.resolve("spool")))
                .auth(loaded.settings().auth().withLocalTokenFile(data.resolve("admin.token")))
                .build();
        try {
            Session session;
            Bearer token;
            String local;
            try (AcdServer first = AcdServer.start(settings, loaded.configuration())) {
                local = first.accounts().localToken();
                WebClient web = new WebClient("http://127.0.0.1:" + first.adminPort());
                assertThat(web.send("POST", "/users", new Bearer(local), Map.of("username", "ada", "password",
                        PASSWORD, "role", "admin")).statusCode()).isEqualTo(201);
                session = web.login("ada", PASSWORD);
                token = new Bearer(WebClient.json(web.send("POST", "/tokens", session, Map.of("name", "cron")))
                        .path("token").asText());
            }
            try (AcdServer second = AcdServer.start(settings, loaded.configuration())) {
                assertThat(second.accounts().localToken()).as("the same local token").isEqualTo(local);
                WebClient web = new WebClient("http://127.0.0.1:" + second.adminPort());
                JsonNode me = WebClient.json(web.get("/me", session));
                assertThat(me.path("username").asText()).as("the session").isEqualTo("ada");
                assertThat(me.path("csrfToken").asText()).isEqualTo(session.csrfToken());
                assertThat(web.send("POST", "/logout", session, null).statusCode())
                        .as("a state change with the session's CSRF token").isEqualTo(200);
                assertThat(web.get("/me", token).statusCode()).as("the token").isEqualTo(200);
                assertThat(second.audit().read(null, "ada", 10).join()).extracting(e -> e.action())
                        .contains("login", "token_create", "logout");
                assertThat(second.accounts().userStore().list()).extracting(User::username).containsExactly("ada");
            }
        } finally {
            TestRig.deleteTree(data);
        }
    }
}
