package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measures' settings: kpi.timeZone and kpi.fcrWindowHours in acd.yaml, shortAbandonSeconds per queue. */
class KpiSettingsTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theShippedConfigurationSetsTheZoneTheWindowAndASalesShortAbandonThreshold() throws Exception {
        ConfigurationSnapshot c = new ConfigurationLoader(k -> null).load(CONFIG).configuration();
        assertThat(c.kpi()).isEqualTo(new KpiSettings(ZoneId.of("UTC"), Duration.ofHours(72)));
        assertThat(c.serviceLevel("sales")).isEqualTo(new ServiceLevelTarget(80, 20, 5));
        assertThat(c.serviceLevel("support")).isEqualTo(new ServiceLevelTarget(90, 30, 0));
    }

    @Test
    void withoutAKpiSectionTheDefaultsApply(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(dir.resolve("acd.yaml"))
                .replaceAll("(?s)\nkpi:.*", "\n"));
        assertThat(new ConfigurationLoader(k -> null).load(dir).configuration().kpi()).isEqualTo(KpiSettings.DEFAULT);
    }

    @Test
    void aZoneThatDoesNotExistAndAWindowBelowAnHourAreRejectedWithTheirPosition(@TempDir Path dir) throws Exception {
        copy(dir);
        String acd = Files.readString(dir.resolve("acd.yaml"));
        Files.writeString(dir.resolve("acd.yaml"), acd.replace("timeZone: UTC", "timeZone: Mars/Olympus"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageMatching("(?s).*acd\\.yaml:\\d+:\\d+: kpi.timeZone 'Mars/Olympus' is not a time zone.*");
        Files.writeString(dir.resolve("acd.yaml"), acd.replace("fcrWindowHours: 72", "fcrWindowHours: 0"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageMatching("(?s).*acd\\.yaml:\\d+:\\d+: kpi.fcrWindowHours must be at least 1, not 0.*");
    }

    @Test
    void aNegativeShortAbandonThresholdIsRejectedWithItsPosition(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), Files.readString(dir.resolve("queues.yaml"))
                .replace("shortAbandonSeconds: 5", "shortAbandonSeconds: -1"));
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageMatching("(?s).*queues\\.yaml:\\d+:\\d+: queue 'sales': shortAbandonSeconds must not be"
                        + " negative.*");
    }

    private static void copy(Path dir) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "queues.yaml", "agents.yaml", "schedules.yaml",
            "queries.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
