package org.acdserver.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.acdserver.core.AgentDefinition;
import org.acdserver.gateway.TestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Agents' phones in agents.yaml: the endpoint a SIP phone implies, its password from the file or the environment, and
 * one agent per device (Asterisk reports one state per device, and a channel belongs to one agent).
 */
class AgentPhoneConfigurationTest {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");

    private static LoadedConfiguration load(Path dir, String agents, Map<String, String> env) throws Exception {
        for (String f : new String[] {"acd.yaml", "skills.yaml", "queues.yaml"}) {
            Files.copy(CONFIG.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("flows"));
        Files.copy(CONFIG.resolve("flows/main.yaml"), dir.resolve("flows/main.yaml"));
        Files.writeString(dir.resolve("agents.yaml"), agents);
        return new ConfigurationLoader(env::get).load(dir);
    }

    @Test
    void aPhoneGivesTheEndpointAndItsPasswordComesFromTheFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        LoadedConfiguration c = load(dir, """
                agents:
                  - id: ann
                    phone: {sip: ann, password: "ann's secret"}
                    queues: [sales]
                  - id: bob
                    endpoint: PJSIP/1002
                    phone: {sip: "1002", passwordEnv: ACD_SIP_1002}
                    queues: [sales]
                  - id: sam
                    endpoint: Local/sam@sim-agent/n
                    queues: [sales]
                """, Map.of("ACD_SIP_1002", "from-the-environment"));
        assertThat(c.configuration().routing().agents()).extracting(AgentDefinition::endpoint)
                .containsExactly("PJSIP/ann", "PJSIP/1002", "Local/sam@sim-agent/n");
        Map<String, AgentPhone> phones = c.configuration().phones();
        assertThat(phones).containsOnlyKeys("ann", "bob");
        assertThat(phones.get("ann").requirePassword()).isEqualTo("ann's secret");
        assertThat(phones.get("bob").requirePassword()).isEqualTo("from-the-environment");
        assertThat(phones.get("bob").sipUser()).isEqualTo("1002");
        assertThat(phones.toString()).doesNotContain("secret").doesNotContain("from-the-environment");
    }

    @Test
    void aPhoneWithoutAPasswordLoadsButCannotBeRendered(@TempDir Path dir) throws Exception {
        LoadedConfiguration c = load(dir, """
                agents:
                  - id: ann
                    phone: {sip: ann, passwordEnv: ACD_SIP_ANN}
                    queues: [sales]
                """, Map.of());
        AgentPhone ann = c.configuration().phones().get("ann");
        assertThat(ann.password()).isNull();
        assertThatThrownBy(ann::requirePassword).hasMessageContaining("agents.yaml:3:")
                .hasMessageContaining("ACD_SIP_ANN").hasMessageContaining("has no password");
    }

    @Test
    void anEndpointOtherThanThePhonesIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                agents:
                  - id: ann
                    endpoint: PJSIP/1001
                    phone: {sip: ann, password: pw}
                    queues: [sales]
                """, Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("agents.yaml:3:").hasMessageContaining("PJSIP/ann");
    }

    @Test
    void badPhoneFieldsAreRejectedWithTheirPosition(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a"));
        assertThatThrownBy(() -> load(dir.resolve("a"), """
                agents:
                  - id: ann
                    phone: {sip: "ann;x", password: pw}
                    queues: [sales]
                """, Map.of())).hasMessageContaining("agents.yaml:3:").hasMessageContaining("phone.sip");
        Files.createDirectories(dir.resolve("b"));
        assertThatThrownBy(() -> load(dir.resolve("b"), """
                agents:
                  - id: ann
                    phone: {sip: ann, password: pw, passwordEnv: ACD_SIP_ANN}
                    queues: [sales]
                """, Map.of())).hasMessageContaining("agents.yaml:3:").hasMessageContaining("not both");
        Files.createDirectories(dir.resolve("c"));
        assertThatThrownBy(() -> load(dir.resolve("c"), """
                agents:
                  - id: ann
                    phone: {sip: ann, pasword: pw}
                    queues: [sales]
                """, Map.of())).hasMessageContaining("agents.yaml:3:")
                .hasMessageContaining("unknown phone field 'pasword'");
        Files.createDirectories(dir.resolve("d"));
        assertThatThrownBy(() -> load(dir.resolve("d"), """
                agents:
                  - id: ann
                    phone: {sip: ann, password: "a;b"}
                    queues: [sales]
                """, Map.of())).hasMessageContaining("agents.yaml:3:").hasMessageContaining("';'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a;b"));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource(delimiter = '|', textBlock = """
            endpoint: PJSIP/1001              | endpoint: PJSIP/1001              | PJSIP/1001
            'phone: {sip: "1001", password: pw}' | endpoint: PJSIP/1001          | PJSIP/1001
            endpoint: Local/a@sim-agent       | endpoint: Local/a@sim-agent/n     | Local/a@sim-agent
            """)
    void aSecondAgentOnADeviceIsRefusedNamingTheFileBothAgentsAndTheDevice(String first, String second,
                                                                           String device, @TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                agents:
                  - id: amy
                    %s
                    queues: [sales]
                  - id: ann
                    %s
                    queues: [sales]
                """.formatted(first, second), Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("agents.yaml:6:")
                .hasMessageContaining("agent 'ann' has the device " + device + " of agent 'amy' (line ");
    }

    @Test
    void agentsOnDevicesThatDifferOnlyInTheirContextLoad(@TempDir Path dir) throws Exception {
        LoadedConfiguration c = load(dir, """
                agents:
                  - id: sam
                    endpoint: Local/sam@sim-agent/n
                    queues: [sales]
                  - id: sam2
                    endpoint: Local/sam@sim-agent-callback/n
                    queues: [sales]
                  - id: ann
                    phone: {sip: "1001", password: pw}
                    queues: [sales]
                  - id: bob
                    endpoint: PJSIP/10011
                    queues: [sales]
                """, Map.of());
        assertThat(c.configuration().routing().agents()).extracting(AgentDefinition::id)
                .containsExactly("sam", "sam2", "ann", "bob");
    }
}
