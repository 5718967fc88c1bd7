package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code watchFiles}, saving a flow activates it; saving a broken one changes nothing. */
class FlowWatchIT {

    @Test
    void aSavedFlowIsActivatedAndRecordedAndABrokenOneIsNot(@TempDir Path dir) throws Exception {
        SimulateCommandIT.copyConfig(dir);
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(dir.resolve("acd.yaml"))
                .replace("watchFiles: false", "watchFiles: true"));
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(dir);
        ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0).publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0).ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                // A database of its own, not the default data directory beside the temporary configuration.
                .database(SharedPostgres.freshDatabase(null))
                .auth(loaded.settings().auth().withLocalTokenFile(dir.resolve("admin.token"))).build();
        assertThat(settings.watchFiles()).isTrue();
        Path main = dir.resolve("flows/main.yaml");
        String original = Files.readString(main);
        try (AcdServer server = AcdServer.start(settings, loaded.configuration())) {
            assertThat(server.flowVersions().history("main")).singleElement()
                    .satisfies(a -> assertThat(a.activatedBy()).startsWith("startup"));

            Files.writeString(main, original.replace("timeout: 5", "timeout: 7"));
            await().atMost(15, TimeUnit.SECONDS).until(() -> server.activeFlows().get("main").text()
                    .contains("timeout: 7"));
            await().atMost(5, TimeUnit.SECONDS).until(() -> server.flowVersions().history("main").size() == 2);
            assertThat(server.flowVersions().history("main").get(1).activatedBy()).isEqualTo("file change");

            Files.writeString(main, original.replace("fallback: goodbye", "fallback: nowhere"));
            // The broken file is never activated: the running version stays, with no new activation.
            await().during(3, TimeUnit.SECONDS).atMost(6, TimeUnit.SECONDS).until(() ->
                    server.activeFlows().get("main").text().contains("timeout: 7")
                            && server.flowVersions().history("main").size() == 2);
        }
    }
}
