package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http} section of {@code acd.yaml}: a public and an admin listener, and the older one-listener form. */
class HttpListenersConfigurationTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    @Test
    void theShippedConfigurationHasBothListenersOnLoopback() throws Exception {
        ServerSettings.HttpListeners http = new ConfigurationLoader(k -> null).load(CONFIG).settings().http();
        assertThat(http.publicListener()).isEqualTo(new ServerSettings.Endpoint("127.0.0.1", 8090));
        assertThat(http.adminListener()).isEqualTo(new ServerSettings.Endpoint("127.0.0.1", 8091));
    }

    @Test
    void bothListenersAreReadFromTheirOwnEntries(@TempDir Path dir) throws Exception {
        ServerSettings.HttpListeners http = load(dir, """
                http:
                  public: {host: 0.0.0.0, port: 9100}
                  admin: {host: 10.1.2.3, port: 9101}
                """);
        assertThat(http.publicListener()).isEqualTo(new ServerSettings.Endpoint("0.0.0.0", 9100));
        assertThat(http.adminListener()).isEqualTo(new ServerSettings.Endpoint("10.1.2.3", 9101));
    }

    @Test
    void theOlderSingleListenerFormIsThePublicListenerAndTheAdminOneStaysOnLoopback(@TempDir Path dir)
            throws Exception {
        ServerSettings.HttpListeners http = load(dir, "http: {host: 0.0.0.0, port: 9200}\n");
        assertThat(http.publicListener()).isEqualTo(new ServerSettings.Endpoint("0.0.0.0", 9200));
        assertThat(http.adminListener()).isEqualTo(new ServerSettings.Endpoint("127.0.0.1", 8091));
    }

    @Test
    void twoListenersOnOneAddressAreRejectedWithTheFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> load(dir, """
                http:
                  public: {host: 127.0.0.1, port: 9300}
                  admin: {host: 127.0.0.1, port: 9300}
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("acd.yaml").hasMessageContaining("127.0.0.1:9300");
    }

    /** The shipped configuration with its {@code http} section replaced. */
    private static ServerSettings.HttpListeners load(Path dir, String httpSection) throws Exception {
        for (String f : new String[] {"skills.yaml", "queues.yaml", "agents.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
        StringBuilder acd = new StringBuilder();
        boolean inHttp = false;
        for (String line : Files.readAllLines(CONFIG.resolve("acd.yaml"))) {
            if (line.startsWith("http:")) {
                inHttp = true;
                continue;
            }
            if (inHttp && (line.startsWith(" ") || line.isBlank())) {
                continue;
            }
            inHttp = false;
            acd.append(line).append('\n');
        }
        Files.writeString(dir.resolve("acd.yaml"), acd + httpSection);
        return new ConfigurationLoader(k -> null).load(dir).settings().http();
    }
}
