package org.acdserver.gateway.asterisk;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * On which Asterisk server each agent's phone lives, and whether routing may offer the agent calls.
 *
 * <p>Every manager link reports the state of each agent's device on its server. A PJSIP phone registered on server
 * B is {@code UNAVAILABLE} on A (absent) and {@code NOT_INUSE} or {@code INUSE} on B: it lives on B. A device that
 * exists on every server, such as a Local channel, is present everywhere, and a call then reaches it on the
 * caller's own server. Routing hears one availability per agent: free on at least one server whose link is up, and
 * busy on none (a Local agent talking on A is busy, even though B sees it idle).
 *
 * <p>When a link is lost and other servers remain, what it reported is forgotten, so that agents whose phones live
 * on a dead Asterisk are no longer offered calls; its resync reports them again. With a single server a lost link
 * changes nothing: calls still reach its agents over AGI, and the resync after the reconnection corrects what was
 * missed.
 *
 * <p>Threads: each link reports on its own event loop; the methods are synchronized, and availability goes to
 * routing in the order it was decided.
 */
public final class PhoneLocations {

    /** A device on one server. */
    public enum Presence {
        /** Not there: unregistered, unknown to that server, or its server is down. */
        ABSENT,
        /** There and idle. */
        FREE,
        /** There and ringing, talking or on hold. */
        BUSY;

        private static final Set<String> ABSENT_STATES = Set.of("UNAVAILABLE", "INVALID");
        private static final Set<String> BUSY_STATES = Set.of("BUSY", "INUSE", "RINGINUSE", "ONHOLD", "RINGING");

        /** Asterisk's device state ({@code NOT_INUSE}, {@code INUSE}, {@code UNAVAILABLE} ...) as presence. */
        public static Presence of(String deviceState) {
            return ABSENT_STATES.contains(deviceState) ? ABSENT
                    : BUSY_STATES.contains(deviceState) ? BUSY : FREE;
        }
    }

    private final List<String> servers;
    private final BiConsumer<String, Boolean> availability;
    /** Agent to server to presence. */
    private final Map<String, Map<String, Presence>> reports = new HashMap<>();

    /**
     * @param servers      the server names, in configuration order (the order in which a phone present on several
     *                     servers is looked for, after the caller's own)
     * @param availability where each agent's availability goes (the routing core's {@code deviceAvailability})
     */
    public PhoneLocations(List<String> servers, BiConsumer<String, Boolean> availability) {
        this.servers = List.copyOf(servers);
        this.availability = availability;
    }

    /** A link reports the agent's device on its server. */
    public synchronized void report(String server, String agentId, Presence presence) {
        reports.computeIfAbsent(agentId, a -> new LinkedHashMap<>()).put(server, presence);
        publish(agentId);
    }

    /** A link was lost: with other servers left, its reports no longer count until it resyncs. */
    public synchronized void linkLost(String server) {
        if (servers.size() < 2) {
            return;
        }
        for (Map.Entry<String, Map<String, Presence>> e : reports.entrySet()) {
            if (e.getValue().remove(server) != null) {
                publish(e.getKey());
            }
        }
    }

    /**
     * Where a call on {@code callerServer} reaches the agent: the caller's own server if the phone is there (or
     * nothing is known of it anywhere), else the first server where it is.
     */
    public synchronized String serverFor(String callerServer, String agentId) {
        Map<String, Presence> byServer = reports.get(agentId);
        if (byServer == null || present(byServer.get(callerServer))) {
            return callerServer;
        }
        for (String s : servers) {
            if (present(byServer.get(s))) {
                return s;
            }
        }
        return callerServer;
    }

    /** The servers where the agent's phone is, free or busy, in configuration order. */
    public synchronized List<String> locations(String agentId) {
        Map<String, Presence> byServer = reports.getOrDefault(agentId, Map.of());
        return servers.stream().filter(s -> present(byServer.get(s))).toList();
    }

    private static boolean present(Presence p) {
        return p == Presence.FREE || p == Presence.BUSY;
    }

    /** Every report goes on, changed or not, as a single link's did: routing ignores what it already knows. */
    private void publish(String agentId) {
        Map<String, Presence> byServer = reports.get(agentId);
        availability.accept(agentId, byServer.containsValue(Presence.FREE) && !byServer.containsValue(Presence.BUSY));
    }
}
