package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.auth.AuthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acd.yaml's {@code auth} section and {@code agi.allow}, and the first admin from the environment. */
class SecuritySettingsTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theShippedConfigurationAllowsLoopbackAndKeepsTheLocalTokenInTheDataDirectory() throws Exception {
        ServerSettings s = new ConfigurationLoader(k -> null).load(CONFIG).settings();
        assertThat(s.agiAllow()).containsExactly("127.0.0.1", "::1");
        assertThat(s.auth().localTokenFile()).isEqualTo(CONFIG.toAbsolutePath().normalize()
                .resolveSibling("data").resolve("admin.token"));
        assertThat(new ConfigurationLoader(Map.of("ACD_DATA_DIR", "/var/lib/acd")::get).load(CONFIG).settings().auth()
                .localTokenFile()).isEqualTo(Path.of("/var/lib/acd/admin.token"));
        assertThat(s.auth().bcryptCost()).isEqualTo(10);
        assertThat(s.auth().firstAdmin()).isNull();
    }

    @Test
    void everyAuthSettingIsRead(@TempDir Path dir) throws Exception {
        ServerSettings s = load(dir, """
                agi: {host: 0.0.0.0, port: 4573, allow: [10.1.2.0/24, 192.0.2.7, "2001:db8::/32"]}
                auth:
                  localTokenFile: /var/lib/acd/admin.token
                  bcryptCost: 12
                  sessionIdleMinutes: 20
                  sessionHours: 8
                  tokenDays: 30
                  maxTokenDays: 90
                  secureCookies: true
                  loginThrottle: {userFailures: 4, addressFailures: 50, windowMinutes: 10, lockoutSeconds: 5,
                                  maxLockoutMinutes: 2}
                """, Map.of("ACD_ADMIN_USER", "root", "ACD_ADMIN_PASSWORD", "a long enough secret"));
        assertThat(s.agiAllow()).containsExactly("10.1.2.0/24", "192.0.2.7", "2001:db8::/32");
        AuthSettings a = s.auth();
        assertThat(a.localTokenFile()).isEqualTo(Path.of("/var/lib/acd/admin.token"));
        assertThat(a.bcryptCost()).isEqualTo(12);
        assertThat(a.sessionIdle()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.sessionMaxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(a.tokenLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(a.maxTokenLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(a.secureCookies()).isTrue();
        assertThat(a.throttle()).isEqualTo(new AuthSettings.Throttle(4, 50, Duration.ofMinutes(10),
                Duration.ofSeconds(5), Duration.ofMinutes(2)));
        assertThat(a.firstAdmin().username()).isEqualTo("root");
        assertThat(a.firstAdmin().toString()).doesNotContain("a long enough secret");
        assertThat(load(dir, "auth: {localTokenFile: \"\"}\n", Map.of()).auth().localTokenFile())
                .as("empty turns it off").isNull();
        assertThat(load(dir, "auth: {localTokenFile: run/cli.token}\n", Map.of()).auth().localTokenFile())
                .as("relative to the configuration directory").isEqualTo(dir.toAbsolutePath().resolve("run/cli.token"));
    }

    @Test
    void badValuesNameTheirFileLineAndColumn(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, "agi:\n  allow: [127.0.0.1, asterisk.example.com]\n", Map.of()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("acd.yaml:" )
                .hasMessageContaining("'asterisk.example.com' is not an IP address or CIDR block");
        assertThatThrownBy(() -> load(dir, "agi: {allow: [10.0.0.0/33]}\n", Map.of()))
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> load(dir, "agi: {allow: []}\n", Map.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> load(dir, "auth:\n  sessionIdle: 5\n", Map.of()))
                .hasMessageContaining("acd.yaml:").hasMessageContaining("unknown setting 'sessionIdle'")
                .hasMessageContaining("sessionIdleMinutes");
        assertThatThrownBy(() -> load(dir, "auth: {loginThrottle: {userFailures: 0}}\n", Map.of()))
                .hasMessageContaining("'userFailures' must be at least 1");
        assertThatThrownBy(() -> load(dir, "auth: {bcryptCost: 40}\n", Map.of()))
                .hasMessageContaining("bcryptCost must be 4-31");
        assertThatThrownBy(() -> load(dir, "", Map.of("ACD_ADMIN_USER", "root")))
                .hasMessageContaining("ACD_ADMIN_USER is set without ACD_ADMIN_PASSWORD");
    }

    /** The shipped configuration without its agi section, plus {@code extra}, in {@code dir}. */
    private static ServerSettings load(Path dir, String extra, Map<String, String> env) throws Exception {
        for (String f : new String[] {"skills.yaml", "queues.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        StringBuilder acd = new StringBuilder();
        boolean skipping = false;
        for (String line : Files.readAllLines(CONFIG.resolve("acd.yaml"))) {
            if (line.startsWith("agi:") || line.startsWith("auth:")) {
                skipping = true;
                continue;
            }
            if (skipping && (line.startsWith(" ") || line.isBlank())) {
                continue;
            }
            skipping = false;
            acd.append(line).append('\n');
        }
        Files.writeString(dir.resolve("acd.yaml"), acd + extra);
        return new ConfigurationLoader(env::get).load(dir).settings();
    }
}
