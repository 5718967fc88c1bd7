package org.acdserver.gateway.spy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResync;

/**
 * Which channel each agent is talking on now, from the manager's events: a {@code DialEnd} answered on an agent's
 * device starts a call (the dialling channel's unique id is the call id), the agent channel's {@code Hangup} ends
 * it. This is the only place a spy's target comes from, so a supervisor can never name a channel of their own.
 * It runs on the manager connection's event loop and only updates maps.
 *
 * <p>Every event the manager sends passes here, on the thread that also frees agents for the next caller, so each
 * costs a lookup, not a pass over the agents: calls are kept by agent and by channel, and the agents by device,
 * rebuilt only when the routing configuration is another object.
 */
public final class AgentCalls implements AmiListener {

    /** An agent's live call: the caller's unique id and the agent's own channel. */
    public record LiveCall(String agentId, String callId, String channel) {
    }

    private final Supplier<RoutingConfiguration> routing;
    private final Map<String, LiveCall> byAgent = new ConcurrentHashMap<>();
    /** The agent on each answered channel not yet hung up: {@link #byAgent}'s channels, and older ones not yet gone. */
    private final Map<String, String> byChannel = new ConcurrentHashMap<>();
    /** The agents by device, for the configuration they were read from. */
    private volatile Devices devices = new Devices(null, Map.of());

    /** The device of each agent's endpoint in one routing configuration; the first agent on a device has it. */
    private record Devices(RoutingConfiguration source, Map<String, String> agentByDevice) {

        static Devices of(RoutingConfiguration source) {
            Map<String, String> byDevice = new HashMap<>();
            for (AgentDefinition a : source.agents()) {
                byDevice.putIfAbsent(endpointDevice(a.endpoint()), a.id());
            }
            return new Devices(source, Map.copyOf(byDevice));
        }
    }

    /** @param routing the active agents, whose endpoints say which device is whose */
    public AgentCalls(Supplier<RoutingConfiguration> routing) {
        this.routing = routing;
    }

    /** The agent's call now, if they are on one. */
    public Optional<LiveCall> of(String agentId) {
        return Optional.ofNullable(byAgent.get(agentId));
    }

    @Override
    public void onEvent(AmiMessage event) {
        switch (event.eventName()) {
            case "DialEnd" -> {
                String channel = event.get("DestChannel");
                if ("ANSWER".equals(event.get("DialStatus")) && channel != null) {
                    String agent = agentOf(channel);
                    if (agent != null) {
                        byChannel.put(channel, agent);
                        byAgent.put(agent, new LiveCall(agent, event.get("Uniqueid"), channel));
                    }
                }
            }
            case "Hangup" -> {
                String channel = event.get("Channel");
                String agent = channel == null ? null : byChannel.remove(channel);
                if (agent != null) {
                    // The agent may be on a newer call already, whose DialEnd came before this channel's Hangup.
                    byAgent.computeIfPresent(agent, (id, call) -> call.channel().equals(channel) ? null : call);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onResync(AmiResync snapshot) {
        // Events may have been missed while the connection was down: keep only the channels Asterisk still has.
        Set<String> live = new HashSet<>();
        for (AmiMessage channel : snapshot.channels()) {
            live.add(channel.get("Channel"));
        }
        byAgent.values().removeIf(c -> !live.contains(c.channel()));
        byChannel.keySet().retainAll(live);
    }

    /** The agent whose endpoint this channel was dialled on, or null. */
    private String agentOf(String channel) {
        RoutingConfiguration now = routing.get();
        Devices known = devices;
        if (known.source() != now) {
            known = Devices.of(now);
            devices = known;
        }
        return known.agentByDevice().get(device(channel));
    }

    /**
     * The device of a channel name: {@code PJSIP/amy-0000000a} is {@code PJSIP/amy}, a Local channel
     * {@code Local/amy@sim-agent-0000000b;1} is {@code Local/amy@sim-agent}.
     */
    static String device(String channel) {
        String name = channel;
        int half = name.lastIndexOf(';');
        if (name.startsWith("Local/") && half > 0) {
            name = name.substring(0, half);
        }
        int dash = name.lastIndexOf('-');
        return dash > name.indexOf('/') ? name.substring(0, dash) : name;
    }

    /** The device of a dial string: Local's options such as {@code /n} are dropped. */
    static String endpointDevice(String endpoint) {
        if (endpoint.startsWith("Local/")) {
            int slash = endpoint.indexOf('/', "Local/".length());
            return slash < 0 ? endpoint : endpoint.substring(0, slash);
        }
        return endpoint;
    }
}
