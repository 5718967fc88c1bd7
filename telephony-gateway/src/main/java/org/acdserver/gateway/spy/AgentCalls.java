package org.acdserver.gateway.spy;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.agent.AgentDevices;
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

    /** The active agents by device, rebuilt only when the routing configuration is another object. */
    private final Supplier<AgentDevices> devices;
    private final Map<String, LiveCall> byAgent = new ConcurrentHashMap<>();
    /** The agent on each answered channel not yet hung up: {@link #byAgent}'s channels, and older ones not yet gone. */
    private final Map<String, String> byChannel = new ConcurrentHashMap<>();

    /** @param routing the active agents, whose endpoints say which device is whose */
    public AgentCalls(Supplier<RoutingConfiguration> routing) {
        this.devices = AgentDevices.following(routing);
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
        return devices.get().byChannel(channel).map(AgentDefinition::id).orElse(null);
    }
}
