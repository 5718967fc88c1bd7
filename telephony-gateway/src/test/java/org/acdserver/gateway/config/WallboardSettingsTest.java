package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.WallboardSettings.Level;
import org.acdserver.gateway.config.WallboardSettings.Threshold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queues' wallboard thresholds in queues.yaml: read, defaulted from the service level, bad ones named by position. */
class WallboardSettingsTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    private static ConfigurationSnapshot load(Path dir, String salesExtra) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    fallback: flow
                    serviceLevel: {percent: 90, seconds: 15}
                """ + salesExtra + """
                  - id: support
                    fallback: flow
                """);
        return new ConfigurationLoader(k -> null).load(dir).configuration();
    }

    @Test
    void theSampleSalesQueueSetsItsThresholds() throws Exception {
        ConfigurationSnapshot c = new ConfigurationLoader(k -> null).load(CONFIG).configuration();
        assertThat(c.wallboard("sales")).isEqualTo(new WallboardSettings(240, new Threshold(1, 4),
                new Threshold(20, 60), new Threshold(80, 70)));
    }

    @Test
    void thresholdsAreReadAndWhatIsLeftOutComesFromTheServiceLevel(@TempDir Path dir) throws Exception {
        ConfigurationSnapshot c = load(dir, """
                    wallboard:
                      ahtTargetSeconds: 180
                      waiting: {warn: 2, alert: 5}
                """);
        WallboardSettings sales = c.wallboard("sales");
        assertThat(sales).isEqualTo(new WallboardSettings(180, new Threshold(2, 5), new Threshold(15, 45),
                new Threshold(90, 80)));
        assertThat(c.wallboard("support")).isEqualTo(WallboardSettings.defaults(ServiceLevelTarget.DEFAULT));
        assertThat(c.wallboard("support").serviceLevel()).isEqualTo(new Threshold(80, 70));
    }

    @Test
    void levelsRiseWithWaitingAndFallWithTheServiceLevel() {
        WallboardSettings w = new WallboardSettings(300, new Threshold(2, 5), new Threshold(20, 60),
                new Threshold(80, 70));
        assertThat(w.waitingLevel(1)).isEqualTo(Level.OK);
        assertThat(w.waitingLevel(2)).isEqualTo(Level.WARN);
        assertThat(w.waitingLevel(5)).isEqualTo(Level.ALERT);
        assertThat(w.longestWaitLevel(19.9)).isEqualTo(Level.OK);
        assertThat(w.longestWaitLevel(20)).isEqualTo(Level.WARN);
        assertThat(w.longestWaitLevel(61)).isEqualTo(Level.ALERT);
        assertThat(w.serviceLevelLevel(null)).isEqualTo(Level.OK);
        assertThat(w.serviceLevelLevel(0.80)).isEqualTo(Level.OK);
        assertThat(w.serviceLevelLevel(0.79)).isEqualTo(Level.WARN);
        assertThat(w.serviceLevelLevel(0.69)).isEqualTo(Level.ALERT);
        assertThat(Level.WARN.wireName()).isEqualTo("warn");
    }

    @Test
    void anAlertBelowTheWarnIsRejectedAtItsPosition(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wallboard:
                      waiting: {warn: 5, alert: 2}
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:6:16").hasMessageContaining("queue 'sales'")
                .hasMessageContaining("0 <= warn <= alert, not warn 5 and alert 2");
    }

    @Test
    void aServiceLevelAbove100IsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wallboard:
                      serviceLevelPercent: {warn: 120, alert: 70}
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:6:").hasMessageContaining("100 >= warn >= alert >= 0");
    }

    @Test
    void anUnknownKeyIsNamedWithWhatIsAllowed(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wallboard:
                      waitng: {warn: 1}
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:6:7").hasMessageContaining("wallboard has no 'waitng'")
                .hasMessageContaining("ahtTargetSeconds, longestWaitSeconds, serviceLevelPercent, waiting");
    }

    @Test
    void aThresholdThatIsNotANumberIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wallboard:
                      longestWaitSeconds: {warn: soon, alert: 60}
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:6:").hasMessageContaining("'warn' must be a number, not 'soon'");
    }

    @Test
    void aZeroHandleTimeTargetIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                    wallboard:
                      ahtTargetSeconds: 0
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("queues.yaml:6:25").hasMessageContaining("at least 1, not 0");
    }
}
