package org.acdserver.gateway.agent;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResponseException;
import org.acdserver.gateway.ami.AmiResync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each agent's SIP phone ({@code PJSIP/<endpoint>}) is registered and reachable, and so whether routing may
 * offer the agent calls.
 *
 * <p>The phone's contacts come from the manager: {@code ContactStatus} events (Created, Reachable, NonQualified,
 * Unreachable when the aor's qualify gets no answer, Removed when the registration is withdrawn or expires), and the
 * full list ({@code PJSIPShowContacts}) read again after every (re)connection and reload, since events may have been
 * missed meanwhile. A phone is registered while one of its contacts is not Unreachable.
 *
 * <p>Routing gets one availability per agent from here: its device is free (the device states that
 * {@code AmiCallEvents} reads, given to {@link #deviceState}) and, for a SIP agent, its phone is registered. An agent
 * whose phone is unregistered or unreachable is not offered calls; when the phone is back the agent is offered calls
 * again in the state it had (ready stays ready, not ready stays not ready), since only the availability changed.
 * Until the first list is read a phone counts as registered, as before this class knew of phones.
 *
 * <p>Threads: events, device states and list answers arrive on the manager client's event loop, one at a time;
 * {@link #configure} (a reload) only swaps the agents and asks for the list again. {@link #phones()} may be read from
 * any thread.
 */
public final class PhonePresence implements AmiListener {

    /** What is known of a phone. */
    public enum Status {
        /** Not read yet. */
        UNKNOWN,
        /** At least one contact that answers (or is not qualified). */
        REGISTERED,
        /** Registered, but no contact answers Asterisk's OPTIONS. */
        UNREACHABLE,
        /** No contact. */
        UNREGISTERED;

        /** How /routing shows it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An agent's phone as {@code /routing} shows it.
     *
     * @param endpoint  the dial string, {@code PJSIP/<endpoint>}
     * @param status    {@code registered}, {@code unreachable}, {@code unregistered} or {@code unknown}
     * @param available whether routing may offer the agent calls as far as the phone goes
     */
    public record PhoneView(String endpoint, String status, boolean available) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PhonePresence.class);
    private static final String PJSIP = "PJSIP/";

    private final BiConsumer<String, Boolean> availability;
    private final Function<AmiAction, CompletableFuture<List<AmiMessage>>> lists;
    /** PJSIP endpoint name to agent id, for the agents with a SIP phone. */
    private volatile Map<String, String> agentByEndpoint = Map.of();
    // Written on the manager's event loop only:
    private final Map<String, Map<String, String>> contactsByEndpoint = new ConcurrentHashMap<>();
    private final Map<String, Status> statusByAgent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deviceFreeByAgent = new HashMap<>();

    /**
     * @param routing      the agents
     * @param availability where each agent's availability goes (the routing core's {@code deviceAvailability})
     * @param lists        sends a list action to the manager ({@code AmiClient::sendForList})
     */
    public PhonePresence(RoutingConfiguration routing, BiConsumer<String, Boolean> availability,
                         Function<AmiAction, CompletableFuture<List<AmiMessage>>> lists) {
        this.availability = availability;
        this.lists = lists;
        agentByEndpoint = sipAgents(routing);
    }

    /** A reload: the agents with SIP phones may have changed, so their contacts are read again. */
    public void configure(RoutingConfiguration routing) {
        agentByEndpoint = sipAgents(routing);
        readContacts();
    }

    private static Map<String, String> sipAgents(RoutingConfiguration routing) {
        Map<String, String> byEndpoint = new HashMap<>();
        for (AgentDefinition a : routing.agents()) {
            if (a.endpoint().startsWith(PJSIP) && a.endpoint().length() > PJSIP.length()) {
                byEndpoint.put(a.endpoint().substring(PJSIP.length()), a.id());
            }
        }
        return Map.copyOf(byEndpoint);
    }

    /** The phones of the agents that have a SIP phone, by agent id. */
    public Map<String, PhoneView> phones() {
        Map<String, PhoneView> views = new LinkedHashMap<>();
        agentByEndpoint.forEach((endpoint, agent) -> {
            Status s = statusByAgent.getOrDefault(agent, Status.UNKNOWN);
            views.put(agent, new PhoneView(PJSIP + endpoint, s.label(), present(s)));
        });
        return views;
    }

    /** The phone of one agent; {@link Status#UNKNOWN} for agents without a SIP phone or not read yet. */
    public Status status(String agentId) {
        return statusByAgent.getOrDefault(agentId, Status.UNKNOWN);
    }

    /**
     * The agent's device became free (true) or busy or unavailable (false); from the device states. Goes to routing
     * together with what is known of the phone.
     */
    public void deviceState(String agentId, boolean free) {
        deviceFreeByAgent.put(agentId, free);
        publish(agentId);
    }

    @Override
    public void onEvent(AmiMessage event) {
        if (!"ContactStatus".equals(event.eventName())) {
            return;
        }
        String endpoint = event.get("EndpointName");
        String uri = event.get("URI");
        String status = event.get("ContactStatus");
        if (endpoint == null || uri == null || status == null) {
            return;
        }
        Map<String, String> contacts = contactsByEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
        switch (status) {
            case "Removed" -> contacts.remove(uri);
            // A refreshed registration says nothing about reachability.
            case "Updated" -> contacts.putIfAbsent(uri, "Created");
            default -> contacts.put(uri, status);
        }
        update(endpoint);
    }

    @Override
    public void onResync(AmiResync snapshot) {
        readContacts();
    }

    private void readContacts() {
        if (agentByEndpoint.isEmpty()) {
            return;
        }
        lists.apply(AmiAction.of("PJSIPShowContacts")).whenComplete((list, err) -> {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof AmiResponseException refused
                    && String.valueOf(refused.response().message()).startsWith("No Contacts")) {
                list = List.of();
            } else if (err != null) {
                LOG.warn("cannot read the SIP phones' contacts from the Asterisk manager ({}); phones keep their last"
                        + " known state", cause.getMessage());
                return;
            }
            Map<String, Map<String, String>> fresh = new HashMap<>();
            for (AmiMessage c : list) {
                String endpoint = c.get("Endpoint");
                String uri = c.get("Uri");
                if (endpoint != null && uri != null) {
                    fresh.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                            .put(uri, String.valueOf(c.get("Status")));
                }
            }
            contactsByEndpoint.clear();
            contactsByEndpoint.putAll(fresh);
            statusByAgent.keySet().retainAll(agentByEndpoint.values());
            agentByEndpoint.keySet().forEach(this::update);
        });
    }

    /** Recomputes the status of an endpoint's agent from its contacts; routing hears of a change. */
    private void update(String endpoint) {
        String agent = agentByEndpoint.get(endpoint);
        if (agent == null) {
            return;
        }
        Map<String, String> contacts = contactsByEndpoint.getOrDefault(endpoint, Map.of());
        Status now = contacts.isEmpty() ? Status.UNREGISTERED
                : contacts.values().stream().allMatch("Unreachable"::equals) ? Status.UNREACHABLE
                : Status.REGISTERED;
        Status before = statusByAgent.put(agent, now);
        if (before != now) {
            LOG.info("phone {}{} of agent {} is {}", PJSIP, endpoint, agent, now.label());
            publish(agent);
        }
    }

    private void publish(String agent) {
        boolean free = deviceFreeByAgent.getOrDefault(agent, true);
        availability.accept(agent, free && present(statusByAgent.getOrDefault(agent, Status.UNKNOWN)));
    }

    private static boolean present(Status s) {
        return s == Status.REGISTERED || s == Status.UNKNOWN;
    }

    /** Why an agent became (un)available, for its state history: its phone when that is away, else the system. */
    public static AgentStateCause availabilityCause(boolean available, Status phone) {
        boolean phoneAway = phone == Status.UNREGISTERED || phone == Status.UNREACHABLE;
        return !available && phoneAway ? AgentStateCause.PHONE_UNREGISTERED : AgentStateCause.SYSTEM;
    }
}
