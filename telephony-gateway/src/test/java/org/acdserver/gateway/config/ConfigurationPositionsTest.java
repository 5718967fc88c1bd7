package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration file is read by the one YAML reader, so every error names {@code file:line:column}, and forms
 * that still work but should be converted are warned about with theirs.
 */
class ConfigurationPositionsTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    /** The shipped configuration, every file. */
    private static void copy(Path dir) throws Exception {
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(CONFIG.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static void rejects(Path dir, String file, String text, String position, String message) throws Exception {
        Path f = dir.resolve(file);
        String original = Files.readString(f);
        Files.writeString(f, text);
        try {
            assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining(f + ":" + position + ": ")
                    .hasMessageContaining(message);
        } finally {
            Files.writeString(f, original);
        }
    }

    @Test
    void everyFileNamesLineAndColumnOfItsErrors(@TempDir Path dir) throws Exception {
        copy(dir);
        rejects(dir, "acd.yaml", "agi: {host: 127.0.0.1, port: many}\n", "1:30", "'port' must be a whole number");
        rejects(dir, "acd.yaml", "watchFiles: sometimes\n", "1:13", "'watchFiles' must be true or false");
        rejects(dir, "acd.yaml", "http: {public: {port: 8090}, metrics: {port: 9}}\n", "1:30",
                "unknown listener 'metrics'");
        rejects(dir, "skills.yaml", "skills:\n  spanish: x\n  9lives: y\n", "3:3", "skill name '9lives'");
        rejects(dir, "queues.yaml", "queues:\n  - id: sales\n    fallback: flow\n    maxLength: [1]\n"
                + "  - id: support\n    fallback: flow\n", "4:16", "'maxLength' must be a whole number");
        rejects(dir, "queues.yaml", "queues:\n  - id: sales\n    fallback: flow\n    fallback: flow\n"
                + "  - id: support\n    fallback: flow\n", "4:5", "duplicate key 'fallback'");
        rejects(dir, "agents.yaml", "agents:\n  - {id: a1, endpoint: PJSIP/1, queues: {sales: 1, billing: 2}}\n",
                "2:52", "agent 'a1' names unknown queue 'billing'");
        rejects(dir, "agents.yaml", "agents:\n  - {id: a1, endpoint: [PJSIP/1]\n", "2:33", "not valid YAML");
        rejects(dir, "acd.yaml", "sounds:\n  - /usr/share/nothing-here\n", "2:5",
                "sound directory /usr/share/nothing-here does not exist");
        rejects(dir, "queries.yaml", "queries:\n  q:\n    sql: DELETE FROM customer\n", "3:5", "must be a SELECT");
        // Schedule errors keep their old lead, file and schedule name, and name the position after the problem.
        Path schedules = dir.resolve("schedules.yaml");
        Files.writeString(schedules, "schedules:\n  office: {zone: Mars/Olympus}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir)).hasMessage(schedules
                + ": schedule 'office': 'Mars/Olympus' is not a time zone, like Europe/Berlin (" + schedules + ":2:18)");
        Files.writeString(schedules, "schedules:\n  office: {weekly: {mon: [\"08:00-12:00\", \"13-18\"]}}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir)).hasMessageEndingWith(
                "'13-18' is not a range like 08:00-17:30 (" + schedules + ":2:43)");
    }

    @Test
    void callbacksNameASchedule(@TempDir Path dir) throws Exception {
        copy(dir);
        String queues = """
                queues:
                  - id: sales
                    fallback: flow
                    callback: {dial: "PJSIP/{number}@trunk", schedule: %s}
                  - id: support
                    fallback: flow
                """;
        Files.writeString(dir.resolve("queues.yaml"), queues.formatted("office"));
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(dir);
        assertThat(c.configuration().callbacks().get("sales").hours())
                .isSameAs(c.configuration().flowResources().schedules().get("office"));
        assertThat(c.warnings()).isEmpty();
        rejects(dir, "queues.yaml", queues.formatted("offce"), "4:56",
                "queue sales: callback names unknown schedule 'offce' (known: office, always;");
    }

    @Test
    void theOldInlineHoursAreReadWithAWarningThatShowsTheScheduleEntry(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                    callback:
                      dial: "PJSIP/{number}@trunk"
                      hours: {zone: Europe/Berlin, mon: "08:00-12:00,13:00-18:00", saturday: "09:00-13:00"}
                  - id: support
                    fallback: flow
                """);
        Path queues = dir.resolve("queues.yaml");
        LoadedConfiguration c = new ConfigurationLoader(k -> null).load(dir);
        assertThat(c.warnings()).singleElement().asString()
                .startsWith(queues + ":6:7: queue sales: callback hours is the old inline form")
                .contains("'sales-callbacks: {zone: Europe/Berlin, weekly: {mon: [\"08:00-12:00\", \"13:00-18:00\"],"
                        + " sat: [\"09:00-13:00\"]}}'")
                .contains("'schedule: sales-callbacks'");
        assertThat(c.configuration().callbacks().get("sales").hours().zone().getId()).isEqualTo("Europe/Berlin");
        rejects(dir, "queues.yaml", Files.readString(queues).replace("      hours:", "      schedule: office\n"
                + "      hours:"), "7:7", "queue sales: callback has both schedule and hours");
    }

    @Test
    void theHttpListenersAreThePublicAndTheAdminOneAndTheOldFormIsThePublicOne(@TempDir Path dir) throws Exception {
        copy(dir);
        ServerSettings.HttpListeners http = new ConfigurationLoader(k -> null).load(dir).settings().http();
        assertThat(http).isEqualTo(ServerSettings.HttpListeners.DEFAULT);

        Files.writeString(dir.resolve("acd.yaml"), "http: {admin: {host: 0.0.0.0, port: 9091}}\n");
        http = new ConfigurationLoader(k -> null).load(dir).settings().http();
        assertThat(http.publicListener()).isEqualTo(new ServerSettings.Endpoint("127.0.0.1", 8090));
        assertThat(http.adminListener()).isEqualTo(new ServerSettings.Endpoint("0.0.0.0", 9091));

        Files.writeString(dir.resolve("acd.yaml"), "watchFiles: false\nhttp:\n  host: 127.0.0.2\n  port: 9090\n");
        LoadedConfiguration old = new ConfigurationLoader(k -> null).load(dir);
        assertThat(old.settings().http()).isEqualTo(new ServerSettings.HttpListeners(
                new ServerSettings.Endpoint("127.0.0.2", 9090), ServerSettings.HttpListeners.DEFAULT.adminListener()));
        assertThat(old.warnings()).singleElement().asString()
                .startsWith(dir.resolve("acd.yaml") + ":2:1: http {host, port} is the old form")
                .contains("http: {public: {host: 127.0.0.2, port: 9090}, admin: {host: 127.0.0.1, port: 8091}}");
    }

    @Test
    void aReloadReadsOnlyTheActiveConfiguration(@TempDir Path dir) throws Exception {
        copy(dir);
        ServerSettings settings = new ConfigurationLoader(k -> null).load(dir).settings();
        // Start-up settings changed in the file meanwhile are not read by a reload: the flows stay where they were.
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(dir.resolve("acd.yaml"))
                .replace("port: 4573", "port: many").replace("flows: flows", "flows: elsewhere"));
        ConfigurationSnapshot c = new ConfigurationLoader(k -> null).configuration(settings);
        assertThat(c.version()).isZero();
        assertThat(c.routing().queuesById()).containsKeys("sales", "support");
        assertThat(c.agentCodes().notReady()).isEqualTo("*43");
        assertThat(c.skills()).containsKeys("spanish", "billing");
        assertThat(c.flows()).containsKeys("main", "care");
    }
}
