package org.acdserver.gateway.call;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResync;
import org.acdserver.gateway.device.DeviceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Asterisk manager events into call and routing events. It runs on the AMI client's event loop and only looks
 * things up and hands them on, so it never blocks the connection.
 *
 * <ul>
 *   <li>{@code DialEnd} with {@code ANSWER} from a caller's channel: the agent answered.</li>
 *   <li>{@code BridgeEnter} of a caller's channel: caller and agent are connected.</li>
 *   <li>{@code Hangup} of a caller's channel: the caller is gone, even if the AGI connection lingers.</li>
 *   <li>{@code Hangup} of the answered agent's channel and {@code BridgeLeave} of its caller, in either order: the
 *   agent's leg is over and the agent is freed at once ({@link AgentLegWatch}), before the caller's Dial returns.</li>
 *   <li>{@code DeviceStateChange} of an agent's device: busy or unreachable phones are skipped by routing (the
 *   availability goes to routing directly, or through whoever combines it with more, such as whether a SIP phone is
 *   registered, or what the other Asterisk servers report).</li>
 * </ul>
 * After every (re)connection, the resync's device list resets every agent's availability, and queued calls whose
 * channels Asterisk no longer lists are ended, since events may have been missed while the connection was down. With
 * several Asterisk servers each link has its own instance, which ends only the calls that live on its server.
 */
public final class AmiCallEvents implements AmiListener {

    private static final Logger LOG = LoggerFactory.getLogger(AmiCallEvents.class);
    private static final Set<String> UNAVAILABLE = Set.of("UNAVAILABLE", "INVALID", "BUSY", "INUSE", "RINGINUSE",
            "ONHOLD", "RINGING");

    private final CallRegistry registry;
    private final BiConsumer<String, String> deviceStates;
    private final Predicate<String> callsHere;
    private volatile Map<String, String> agentByDevice;
    private volatile long connectedAtNanos = System.nanoTime();
    /** Answered agent legs, until the manager says they are over. */
    private final AgentLegWatch legs = new AgentLegWatch();

    public AmiCallEvents(CallRegistry registry, RoutingCore core, RoutingConfiguration routing) {
        this(registry, routing, core::deviceAvailability);
    }

    /**
     * @param availability where an agent's device availability goes: free (true) or busy or unavailable (false)
     */
    public AmiCallEvents(CallRegistry registry, RoutingConfiguration routing,
                         BiConsumer<String, Boolean> availability) {
        this(registry, routing, (agent, state) -> availability.accept(agent, free(state)), call -> true);
    }

    /**
     * The events of one of several Asterisk servers.
     *
     * @param deviceStates where an agent's device state goes: agent id, Asterisk's state ({@code NOT_INUSE} ...)
     * @param callsHere    whether a call (by unique id) lives on this link's server: a resync ends only those
     */
    public AmiCallEvents(CallRegistry registry, RoutingConfiguration routing, BiConsumer<String, String> deviceStates,
                         Predicate<String> callsHere) {
        this.registry = registry;
        this.deviceStates = deviceStates;
        this.callsHere = callsHere;
        configure(routing);
    }

    /** Rebuilds the device-to-agent map after a configuration change. */
    public void configure(RoutingConfiguration routing) {
        Map<String, String> byDevice = new HashMap<>();
        for (AgentDefinition a : routing.agents()) {
            byDevice.put(DeviceName.ofEndpoint(a.endpoint()), a.id());
        }
        agentByDevice = byDevice;
    }

    @Override
    public void onEvent(AmiMessage event) {
        switch (event.eventName()) {
            case "DialEnd" -> {
                if ("ANSWER".equals(event.get("DialStatus"))) {
                    QueuedCall call = registry.get(event.get("Uniqueid"));
                    if (call != null) {
                        String agentChannel = event.get("DestUniqueid");
                        legs.answered(call.callId(), agentChannel);
                        call.agentAnswered(micros(event), agentChannel);
                    }
                }
            }
            case "BridgeEnter" -> {
                QueuedCall call = registry.get(event.get("Uniqueid"));
                if (call != null) {
                    legs.entered(call.callId());
                    call.bridged(micros(event));
                }
            }
            case "BridgeLeave" -> legOver(legs.left(event.get("Uniqueid")), event);
            case "Hangup" -> {
                String uniqueId = event.get("Uniqueid");
                legOver(legs.hungUp(uniqueId), event);
                QueuedCall call = registry.get(uniqueId);
                if (call != null) {
                    call.channelHungUp();
                }
            }
            case "DeviceStateChange" -> device(event.get("Device"), event.get("State"));
            default -> {
            }
        }
    }

    @Override
    public void onConnected(boolean reconnect) {
        connectedAtNanos = System.nanoTime();
        legs.clear();
    }

    /** Answered agent legs the manager has not yet said are over. */
    int legsWatched() {
        return legs.size();
    }

    private void legOver(AgentLegWatch.Leg leg, AmiMessage event) {
        if (leg == null) {
            return;
        }
        QueuedCall call = registry.get(leg.callId);
        if (call != null) {
            call.agentLegEnded(leg.agentChannel, micros(event));
        }
    }

    @Override
    public void onResync(AmiResync snapshot) {
        // Every agent's device, not only the listed ones: Asterisk lists no Local device (see AmiResync).
        for (String device : agentByDevice.keySet()) {
            device(device, snapshot.deviceState(device));
        }
        // A queued call whose channel Asterisk no longer has was hung up while we were not listening.
        Set<String> live = new HashSet<>();
        for (AmiMessage channel : snapshot.channels()) {
            live.add(channel.get("Uniqueid"));
        }
        long listedAfter = connectedAtNanos;
        for (QueuedCall call : registry.all()) {
            // Calls queued after the list was asked for cannot be in it.
            if (call.queuedAtNanos() - listedAfter < 0 && callsHere.test(call.callId())
                    && !live.contains(call.callId())) {
                LOG.info("call {} is gone from Asterisk after the manager reconnected", call.callId());
                call.channelHungUp();
            }
        }
        LOG.info("manager resync: {} channels, {} device states, {} calls in queues", snapshot.channels().size(),
                snapshot.deviceStates().size(), registry.size());
    }

    private void device(String device, String state) {
        if (device == null || state == null) {
            return;
        }
        String agent = agentByDevice.get(device);
        if (agent != null) {
            LOG.debug("device {} of agent {} is {}", device, agent, state);
            deviceStates.accept(agent, state);
        }
    }

    /** Whether a device in this state may take a call: not busy, ringing, on hold or unavailable. */
    public static boolean free(String deviceState) {
        return !UNAVAILABLE.contains(deviceState);
    }

    /** Asterisk's event time ({@code timestampevents = yes}) in microseconds, or 0 when absent. */
    static long micros(AmiMessage event) {
        String ts = event.get("Timestamp");
        if (ts == null) {
            return 0;
        }
        try {
            int dot = ts.indexOf('.');
            if (dot < 0) {
                return Long.parseLong(ts) * 1_000_000;
            }
            String frac = (ts.substring(dot + 1) + "000000").substring(0, 6);
            return Long.parseLong(ts.substring(0, dot)) * 1_000_000 + Long.parseLong(frac);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
