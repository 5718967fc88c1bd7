package org.acdserver.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.config.AgentCodes;
import org.junit.jupiter.api.Test;

/** The agent of a feature code is the owner of the phone it comes from; a name is taken from Local channels only. */
class AgentCodeScriptTest {

    private final AtomicReference<RoutingConfiguration> routing = new AtomicReference<>(new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 10, 30)),
            List.of(new AgentDefinition("ann", "PJSIP/ann", List.of("sales")),
                    new AgentDefinition("bob", "PJSIP/agent-7", List.of("sales")),
                    new AgentDefinition("sam", "Local/sam@sim-agent/n", List.of("sales")))));
    // The core is not reached by owner(): only apply() changes states.
    private final AgentCodeScript script = new AgentCodeScript(AgentCodes::defaults, null, routing::get);

    private String owner(String channel, String named) {
        return script.owner(channel, named).map(AgentDefinition::id).orElse(null);
    }

    @Test
    void theAgentIsTheOwnerOfThePhoneTheCodeComesFrom() {
        assertThat(owner("PJSIP/ann-0000002a", "")).isEqualTo("ann");
        assertThat(owner("PJSIP/agent-7-00000003", "")).isEqualTo("bob");
    }

    @Test
    void aPhoneCannotNameAnotherAgent() {
        assertThat(owner("PJSIP/ann-0000002a", "bob")).isEqualTo("ann");
        assertThat(owner("PJSIP/stranger-00000001", "bob")).isNull();
        assertThat(owner("PJSIP/stranger-00000001", "")).isNull();
    }

    @Test
    void onlyALocalChannelMayNameTheAgent() {
        assertThat(owner("Local/*42@acd-agent-codes-00000004;2", "bob")).isEqualTo("bob");
        assertThat(owner("Local/*42@acd-agent-codes-00000004;2", "")).isNull();
        assertThat(owner("Local/sam@sim-agent-00000009;2", "")).isEqualTo("sam");
        assertThat(owner(null, "bob")).isNull();
        assertThat(owner("PJSIP", "bob")).isNull();
    }

    @Test
    void aReloadedConfigurationIsUsedForTheNextCode() {
        assertThat(owner("PJSIP/carl-00000001", "")).isNull();
        routing.set(new RoutingConfiguration(List.of(new QueueDefinition("sales", 10, 30)),
                List.of(new AgentDefinition("carl", "PJSIP/carl", List.of("sales")))));
        assertThat(owner("PJSIP/carl-00000001", "")).isEqualTo("carl");
        assertThat(owner("PJSIP/ann-0000002a", "")).isNull();
    }
}
