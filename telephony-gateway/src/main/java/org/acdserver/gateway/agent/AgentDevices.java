package org.acdserver.gateway.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.device.DeviceName;

/**
 * Which agent a phone belongs to: the agents by the device Asterisk names for their endpoint ({@link DeviceName}).
 * The configuration loader refuses two agents on one device, so each device has at most one agent.
 */
public final class AgentDevices {

    private final Map<String, AgentDefinition> byDevice = new HashMap<>();
    private final Map<String, AgentDefinition> byId = new HashMap<>();

    /**
     * The devices of whichever routing configuration {@code routing} gives now, built again only when it gives
     * another configuration object: a manager listener asks on every event, and a configuration changes only when
     * one is activated.
     */
    public static Supplier<AgentDevices> following(Supplier<RoutingConfiguration> routing) {
        return new Following(routing);
    }

    /** {@link #following}: the last configuration seen and its devices, swapped as one. */
    private static final class Following implements Supplier<AgentDevices> {

        private record Built(RoutingConfiguration routing, AgentDevices devices) {
        }

        private final Supplier<RoutingConfiguration> routing;
        private volatile Built built;

        Following(Supplier<RoutingConfiguration> routing) {
            this.routing = routing;
        }

        @Override
        public AgentDevices get() {
            RoutingConfiguration current = routing.get();
            Built b = built;
            if (b == null || b.routing() != current) {
                // Two threads may both build it once; each builds the same devices, and either result is right.
                b = new Built(current, new AgentDevices(current.agents()));
                built = b;
            }
            return b.devices();
        }
    }

    public AgentDevices(List<AgentDefinition> agents) {
        for (AgentDefinition a : agents) {
            byDevice.putIfAbsent(DeviceName.ofEndpoint(a.endpoint()), a);
            byId.put(a.id(), a);
        }
    }

    /** The agent whose phone the channel is, if any. */
    public Optional<AgentDefinition> byChannel(String channel) {
        String device = DeviceName.ofChannel(channel);
        return device == null ? Optional.empty() : Optional.ofNullable(byDevice.get(device));
    }

    /** The agent with this id, if any. */
    public Optional<AgentDefinition> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
