package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.WebClient.Anonymous;
import org.acdserver.gateway.WebClient.Bearer;
import org.acdserver.gateway.WebClient.Session;
import org.acdserver.gateway.auth.AuthSettings;
import org.acdserver.gateway.auth.Secrets;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.http.Route;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A server with every kind of secret in play, a real Asterisk manager (logged in with its secret), a PostgreSQL
 * reached with a user and password, an admin from the environment, users with passwords, API tokens, sessions, a
 * failed login: everything it logs (the server's own code down to TRACE, libraries down to DEBUG) and everything
 * its API answers is searched for each secret. The only answers allowed to hold one are the two that hand it out:
 * a login's cookie and a new token.
 */
class SecretsIT {

    @Test
    void noSecretAppearsInTheLogsOrInAnyAnswer() throws Exception {
        String dbPassword = Secrets.newSecret("dbpw-");
        String adminPassword = Secrets.newSecret("adminpw-");
        String userPassword = Secrets.newSecret("userpw-");
        String wrongPassword = Secrets.newSecret("wrongpw-");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.acdserver");
        Level rootLevel = root.getLevel();
        Level ourLevel = ours.getLevel();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        ours.setLevel(Level.TRACE);
        Path dir = Files.createTempDirectory("acd-secrets");
        List<String> secrets = new ArrayList<>(List.of(dbPassword, adminPassword, userPassword, wrongPassword));
        List<String> answers = new ArrayList<>();
        int agiPort = AsteriskSandbox.freePort();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("secrets")
                     .withAgi("127.0.0.1", agiPort))) {
            secrets.add(sandbox.amiSecret());
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE acd_app LOGIN PASSWORD '" + dbPassword + "'");
                st.execute("CREATE DATABASE acd OWNER acd_app");
            }
            LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(TestRig.repoRoot().resolve("config"));
            ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", agiPort)
                    .publicHttp("127.0.0.1", 0).adminHttp("127.0.0.1", 0)
                    .ami(new ServerSettings.Ami(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiUser(),
                            sandbox.amiSecret()))
                    .database(new ServerSettings.Database("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/acd",
                            "acd_app", dbPassword))
                    .auth(AuthSettings.DEFAULTS.withLocalTokenFile(dir.resolve("admin.token"))
                            .withFirstAdmin(new AuthSettings.FirstAdmin("root", adminPassword)))
                    .build();
            try (AcdServer server = AcdServer.start(settings, loaded.configuration())) {
                secrets.add(server.accounts().localToken());
                await().atMost(30, TimeUnit.SECONDS).until(() -> server.ami().isConnected());
                WebClient web = new WebClient("http://127.0.0.1:" + server.adminPort());

                HttpResponse<String> failed = web.attemptLogin("root", wrongPassword);
                assertThat(failed.statusCode()).isEqualTo(401);
                answers.add(failed.body());
                Session admin = web.login("root", adminPassword);
                secrets.add(admin.cookie());
                HttpResponse<String> token = web.send("POST", "/tokens", admin, Map.of("name", "script"));
                String secretToken = WebClient.json(token).path("token").asText();
                secrets.add(secretToken);
                Bearer bearer = new Bearer(secretToken);
                HttpResponse<String> added = web.send("POST", "/users", bearer, Map.of("username", "ann",
                        "password", userPassword, "role", "supervisor", "queues", List.of("sales")));
                assertThat(added.statusCode()).isEqualTo(201);
                answers.add(added.body());
                Session ann = web.login("ann", userPassword);
                secrets.add(ann.cookie());
                answers.add(web.send("POST", "/users/ann/password", bearer, Map.of("password", userPassword + "2"))
                        .body());
                secrets.add(userPassword + "2");
                answers.add(web.send("POST", "/reload", bearer, null).body());
                answers.add(web.send("POST", "/tokens", bearer, Map.of("name", "")).body());

                for (Route route : server.routes().adminRoutes()) {
                    if (route.method().name().equals("GET")) {
                        String path = route.path().replace("/*", "/style.css");
                        HttpResponse<String> r = web.get(path, admin);
                        answers.add(r.headers().map() + "\n" + r.body());
                    }
                }
                answers.add(web.get("/audit?limit=1000", bearer).body());
                answers.add(web.get("/me", new Anonymous()).body());
                WebClient open = new WebClient("http://127.0.0.1:" + server.publicPort());
                answers.add(open.get("/metrics", new Anonymous()).body());
                answers.add(open.get("/health", new Anonymous()).body());
                assertThat(String.join("\n", answers)).as("the audit log was read").contains("user_add")
                        .contains("login");
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(rootLevel);
            ours.setLevel(ourLevel);
            TestRig.deleteTree(dir);
        }
        List<String> lines = logs.list.stream().map(e -> e.getLoggerName() + " " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(lines).as("the server logged its start, the manager login, the first admin and the reload")
                .anySatisfy(l -> assertThat(l).contains("connected to the Asterisk manager"))
                .anySatisfy(l -> assertThat(l).contains("created the first admin"))
                .anySatisfy(l -> assertThat(l).contains("database ready"))
                .anySatisfy(l -> assertThat(l).contains("reloaded"));
        String logged = String.join("\n", lines);
        String answered = String.join("\n", answers);
        for (String secret : secrets) {
            assertThat(logged).as("the logs").doesNotContain(secret);
            assertThat(answered).as("the answers").doesNotContain(secret);
        }
        assertThat(logged + answered).as("password hashes").doesNotContain("$2a$");
        assertThat(Set.copyOf(secrets)).as("every secret is distinct and was collected").hasSize(10);
    }
}
