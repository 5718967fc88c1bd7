package org.acdserver.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.junit.jupiter.api.Test;

class AgentDevicesTest {

    private static final List<QueueDefinition> QUEUES = List.of(new QueueDefinition("sales", 10, 30));

    private static RoutingConfiguration routing(AgentDefinition... agents) {
        return new RoutingConfiguration(QUEUES, List.of(agents));
    }

    @Test
    void aChannelBelongsToTheFirstAgentWhoseEndpointNamesItsDevice() {
        AgentDevices devices = new AgentDevices(List.of(
                new AgentDefinition("amy", "PJSIP/amy", List.of("sales")),
                new AgentDefinition("ann", "PJSIP/amy", List.of("sales")),
                new AgentDefinition("bob", "Local/bob@phones/n", List.of("sales"))));
        assertThat(devices.byChannel("PJSIP/amy-0000000a")).map(AgentDefinition::id).hasValue("amy");
        assertThat(devices.byChannel("Local/bob@phones-0000000b;1")).map(AgentDefinition::id).hasValue("bob");
        assertThat(devices.byChannel("PJSIP/zed-0000000c")).isEmpty();
        assertThat(devices.byChannel("PJSIP/amy")).as("a device, not a channel").isEmpty();
        assertThat(devices.byChannel(null)).isEmpty();
    }

    @Test
    void followingBuildsTheDevicesAgainOnlyForAnotherConfiguration() {
        AtomicReference<RoutingConfiguration> active =
                new AtomicReference<>(routing(new AgentDefinition("amy", "PJSIP/amy", List.of("sales"))));
        Supplier<AgentDevices> devices = AgentDevices.following(active::get);
        AgentDevices first = devices.get();
        assertThat(devices.get()).isSameAs(first);
        assertThat(first.byChannel("PJSIP/bob-00000001")).isEmpty();

        active.set(routing(new AgentDefinition("amy", "PJSIP/amy", List.of("sales")),
                new AgentDefinition("bob", "PJSIP/bob", List.of("sales"))));
        assertThat(devices.get()).isNotSameAs(first);
        assertThat(devices.get().byChannel("PJSIP/bob-00000001")).map(AgentDefinition::id).hasValue("bob");
    }
}
