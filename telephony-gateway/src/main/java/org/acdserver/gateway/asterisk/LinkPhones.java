package org.acdserver.gateway.asterisk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.asterisk.PhoneLocations.Presence;
import org.acdserver.gateway.call.AmiCallEvents;

/**
 * What one manager link tells of the agents' phones, as presence on its server: a SIP phone not registered there, or
 * registered but not answering, is absent; otherwise its device state says whether it is free or busy. It sits
 * between the link's {@link AmiCallEvents} (device states) and its {@link PhonePresence} (registrations), which
 * combines the two into one availability, and hands {@link PhoneLocations} the presence on this server.
 *
 * <p>Threads: the link's event loop.
 */
final class LinkPhones {

    private final String server;
    private final PhoneLocations locations;
    private final Map<String, String> deviceStates = new ConcurrentHashMap<>();
    private PhonePresence presence;

    LinkPhones(String server, PhoneLocations locations) {
        this.server = server;
        this.locations = locations;
    }

    /** The link's registrations; set once, before the link starts. */
    void watch(PhonePresence phones) {
        this.presence = phones;
    }

    /** A device state from the link's events: kept, and handed to the registrations, which combine the two. */
    void deviceState(String agentId, String state) {
        deviceStates.put(agentId, state);
        presence.deviceState(agentId, AmiCallEvents.free(state));
    }

    /** The link's combined availability of an agent, as presence on this server. */
    void availability(String agentId, boolean available) {
        PhonePresence.Status registration = presence.status(agentId);
        Presence here;
        if (registration == PhonePresence.Status.UNREGISTERED || registration == PhonePresence.Status.UNREACHABLE) {
            here = Presence.ABSENT;
        } else {
            String state = deviceStates.get(agentId);
            here = state != null ? Presence.of(state) : available ? Presence.FREE : Presence.BUSY;
        }
        locations.report(server, agentId, here);
    }
}
