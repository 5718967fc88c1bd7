package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code asterisks:} (several Asterisk servers) and {@code lease:} (active/standby) in acd.yaml. */
class TopologyConfigurationTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theSingleManagerFormIsOneAsteriskAndNoLease() throws Exception {
        ServerSettings s = new ConfigurationLoader(k -> null).load(CONFIG).settings();
        assertThat(s.asterisks()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo(AsteriskServer.SINGLE);
            assertThat(a.ami()).isEqualTo(s.ami());
            assertThat(a.ami().port()).isEqualTo(5038);
        });
        assertThat(s.lease().enabled()).isFalse();
    }

    @Test
    void severalAsterisksInheritTheManagerSectionAndTakeSecretsFromTheEnvironment(@TempDir Path dir)
            throws Exception {
        copy(dir, """
                asterisks:
                  - name: pbx1
                    host: 10.0.0.11
                  - name: pbx-2
                    host: 10.0.0.12
                    port: 5039
                    username: other
                    secret: from-file
                    trunk: to-pbx2
                    heartbeatSeconds: 1
                lease:
                  enabled: true
                  node: acd-a
                  seconds: 2
                  renewSeconds: 0.4
                """);
        Map<String, String> env = Map.of("ACD_AMI_SECRET_PBX_2", "env-2");
        ServerSettings s = new ConfigurationLoader(env::get).load(dir).settings();
        assertThat(s.asterisks()).hasSize(2);
        AsteriskServer one = s.asterisks().get(0);
        assertThat(one.name()).isEqualTo("pbx1");
        assertThat(one.ami().host()).isEqualTo("10.0.0.11");
        assertThat(one.ami().port()).isEqualTo(5038);
        assertThat(one.ami().username()).isEqualTo("acd");
        assertThat(one.ami().secret()).isEqualTo("change-me");
        assertThat(one.trunk()).isEqualTo("acd-pbx1");
        AsteriskServer two = s.asterisks().get(1);
        assertThat(two.ami().port()).isEqualTo(5039);
        assertThat(two.ami().username()).isEqualTo("other");
        assertThat(two.ami().secret()).isEqualTo("env-2");
        assertThat(two.ami().heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(two.trunk()).isEqualTo("to-pbx2");
        assertThat(s.toString()).doesNotContain("env-2").doesNotContain("change-me");
        assertThat(s.lease()).isEqualTo(new LeaseSettings(true, "acd-a", Duration.ofSeconds(2),
                Duration.ofMillis(400)));
    }

    @Test
    void aLeaseWithoutANodeIsNamedAfterTheHostAndProcess(@TempDir Path dir) throws Exception {
        copy(dir, "lease: {enabled: true}\n");
        LeaseSettings lease = new ConfigurationLoader(k -> null).load(dir).settings().lease();
        assertThat(lease.enabled()).isTrue();
        assertThat(lease.node()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(lease.duration()).isEqualTo(LeaseSettings.DEFAULT_DURATION);
        assertThat(lease.renewal()).isEqualTo(LeaseSettings.DEFAULT_RENEWAL);
    }

    @Test
    void badEntriesAreRejectedWithTheirPlace(@TempDir Path dir) throws Exception {
        copy(dir, "asterisks:\n  - name: a\n  - name: a\n    port: 5039\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("acd.yaml:").hasMessageContaining("two servers are named 'a'");

        copy(dir, "asterisks:\n  - name: a\n  - name: b\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("same manager 127.0.0.1:5038");

        copy(dir, "asterisks:\n  - host: 10.0.0.1\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir)).hasMessageContaining("has no name");

        copy(dir, "asterisks:\n  - name: 'a b'\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("letters, digits");

        copy(dir, "asterisks: []\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("list at least one Asterisk server");

        copy(dir, "lease: {enabled: true, seconds: 1, renewSeconds: 0.5}\n");
        assertThatThrownBy(() -> new ConfigurationLoader(k -> null).load(dir))
                .hasMessageContaining("acd.yaml:").hasMessageContaining("renewed at least three times");
    }

    private static void copy(Path dir, String extra) throws Exception {
        for (String f : new String[] {"skills.yaml", "queues.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("acd.yaml"), Files.readString(CONFIG.resolve("acd.yaml")) + "\n" + extra);
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
