package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationLoaderTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theShippedConfigurationLoads() throws Exception {
        ServerConfiguration c = new ConfigurationLoader(k -> null).load(CONFIG);
        assertThat(c.flows()).containsKey("main");
        assertThat(c.routing().queuesById()).containsKeys("sales", "support");
        assertThat(c.routing().queuesById().get("sales").strategy()).isEqualTo(SelectionStrategy.LONGEST_IDLE);
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.routing().agents()).filteredOn(a -> a.id().equals("agent4")).singleElement()
                .satisfies(a -> assertThat(a.proficiency("spanish")).isEqualTo(6));
    }

    @Test
    void aProficiencyOutOfRangeIsRejectedWithItsFile(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: PJSIP/1001\n    queues: [sales]\n    skills: {spanish: 12}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("agents.yaml").hasMessageContaining("proficiency of spanish must be 1-10");
    }

    @Test
    void secretsComeFromTheEnvironmentAndNeverPrint() throws Exception {
        Map<String, String> env = Map.of("ACD_AMI_SECRET", "s3cr3t-from-env", "ACD_JDBC_URL",
                "jdbc:postgresql://db/acd", "ACD_JDBC_PASSWORD", "pw-from-env");
        ServerConfiguration c = new ConfigurationLoader(env::get).load(CONFIG);
        assertThat(c.ami().secret()).isEqualTo("s3cr3t-from-env");
        assertThat(c.ami().toString()).doesNotContain("s3cr3t-from-env");
        assertThat(c.database().embedded()).isFalse();
        assertThat(c.database().toString()).doesNotContain("pw-from-env");
    }

    @Test
    void anUnknownQueueInAFlowIsRejectedWithItsFile(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), "queues:\n  - id: sales\n");
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: PJSIP/1001\n    queues: [sales]\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("main.yaml").hasMessageContaining("unknown queue 'support'");
    }

    @Test
    void anUnknownStrategyIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    strategy: ring-all\n  - id: support\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml").hasMessageContaining("unknown strategy 'ring-all'");
    }

    @Test
    void anEndpointThatCouldSplitADialCommandIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("agents.yaml"),
                "agents:\n  - id: a1\n    endpoint: \"PJSIP/1001,30,gm\"\n    queues: [sales]\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("agents.yaml").hasMessageContaining("endpoint");
    }

    @Test
    void queuesMayOfferCallbacksWithTheirOwnPolicyAndHours(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - id: sales
                    callback:
                      key: "*"
                      callerId: '"ACME" <5550000>'
                      dial: "PJSIP/{number}@trunk"
                      numberPattern: "0[0-9]{9}"
                      attempts: 2
                      retrySeconds: 60
                      hours: {zone: Europe/Berlin, mon: "08:00-18:00"}
                      offer: {waitAboveSeconds: 90, full: true, closed: true}
                  - id: support
                """);
        ServerConfiguration c = new ConfigurationLoader(k -> null).load(dir);
        assertThat(c.callbacks()).containsOnlyKeys("sales");
        var s = c.callbacks().get("sales");
        assertThat(s.key()).isEqualTo("*");
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.retrySpacing()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(s.customerRing()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(s.dialString("0301234567")).isEqualTo("PJSIP/0301234567@trunk");
        assertThat(s.accepts("5550100")).isFalse();
        assertThat(s.offer()).isEqualTo(new org.acdserver.gateway.callback.CallbackOffer(90, false, true, true,
                java.util.List.of("vm-press", "digits/*")));
        assertThat(s.offer().holds(new org.acdserver.core.WaitEstimate(3, 120, "default"), true)).isTrue();
        assertThat(s.offer().holds(new org.acdserver.core.WaitEstimate(1, 60, "default"), true)).isFalse();
        assertThat(s.offer().holds(new org.acdserver.core.WaitEstimate(1, 60, "default"), false)).isTrue();
        // Monday 2026-11-23, 07:30 UTC is 08:30 in Berlin: open.
        assertThat(s.hours().isOpen(java.time.Instant.parse("2026-11-23T07:30:00Z"))).isTrue();
        assertThat(new ConfigurationLoader(k -> null).load(CONFIG).callbacks()).containsKey("sales");
    }

    @Test
    void aCallbackDialStringWithoutTheNumberIsRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"),
                "queues:\n  - id: sales\n    callback: {dial: \"PJSIP/trunk\"}\n  - id: support\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queues.yaml").hasMessageContaining("queue sales")
                .hasMessageContaining("{number}");
    }

    @Test
    void badOpeningHoursAreRejected(@TempDir Path dir) throws Exception {
        copy(dir);
        Files.writeString(dir.resolve("queues.yaml"), "queues:\n  - id: sales\n    callback: {dial: \"PJSIP/{number}\","
                + " hours: {funday: \"08:00-18:00\"}}\n  - id: support\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("queue sales").hasMessageContaining("'funday' is not a weekday");
    }

    private static void copy(Path dir) throws Exception {
        for (String f : new String[] {"acd.yaml", "queues.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
    }
}
