package org.acdserver.gateway.asterisk;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiMetrics;
import org.acdserver.gateway.call.AmiCallEvents;
import org.acdserver.gateway.call.CallRegistry;
import org.acdserver.gateway.config.AsteriskServer;
import org.acdserver.gateway.config.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched manager link per Asterisk server, and what they tell together: on which server each call and each
 * agent's phone lives, and how a caller on one server reaches an agent on another.
 *
 * <p>Each link is an {@link AmiClient} of its own, on its own event loop, with its own heartbeat, reconnection and
 * resync, its own {@link AmiCallEvents} and its own {@link PhonePresence} (the SIP phones registered there): one
 * Asterisk going down leaves the other links as they are. A call lives
 * on the server whose name starts its unique id (Asterisk's {@code systemname}, see {@link AsteriskServer}); an
 * agent's phone lives where {@link PhoneLocations} finds it. A caller on server A reaches an agent whose phone is on
 * server B through B's trunk: {@code PJSIP/1001} becomes {@code PJSIP/1001@acd-b}, which A sends to B and B's
 * {@code acd-trunk-in} context dials there. Local channels exist on every server and are never sent across.
 */
public final class AsteriskLinks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsteriskLinks.class);
    private static final String PJSIP = "PJSIP/";

    /** One server, its link, and what the link tells of calls and phones. */
    public record Link(AsteriskServer server, AmiClient client, AmiCallEvents events, PhonePresence phones) {
        public String name() {
            return server.name();
        }
    }

    private final List<Link> links;
    private final PhoneLocations locations;
    private volatile boolean unknownPrefixLogged;

    /**
     * @param servers      the Asterisk servers; the first is the home of callbacks and other server-wide actions
     * @param eventClasses the login's event mask
     * @param group        the Netty group whose loops carry the links (each link takes one)
     * @param registry     the calls in queues, which manager events reach by unique id
     * @param routing      the agents
     * @param availability where each agent's availability goes (the routing core's {@code deviceAvailability})
     */
    public AsteriskLinks(List<AsteriskServer> servers, String eventClasses, EventLoopGroup group,
                         CallRegistry registry, RoutingConfiguration routing,
                         BiConsumer<String, Boolean> availability) {
        this.locations = new PhoneLocations(servers.stream().map(AsteriskServer::name).toList(), availability);
        List<Link> built = new ArrayList<>();
        for (AsteriskServer s : servers) {
            ServerSettings.Ami at = s.ami();
            AmiClient client = new AmiClient(at.client(eventClasses), group);
            String name = s.name();
            LinkPhones phones = new LinkPhones(name, locations);
            PhonePresence presence = new PhonePresence(routing, phones::availability, client::sendForList);
            phones.watch(presence);
            AmiCallEvents events = new AmiCallEvents(registry, routing, phones::deviceState,
                    call -> name.equals(serverOf(call)));
            client.addListener(events);
            client.addListener(presence);
            client.addListener(new LinkWatch(name));
            built.add(new Link(s, client, events, presence));
        }
        this.links = List.copyOf(built);
    }

    /** Forgets a lost link's phones, so that its agents are offered no calls while its server is away. */
    private final class LinkWatch implements AmiListener {
        private final String server;

        LinkWatch(String server) {
            this.server = server;
        }

        @Override
        public void onEvent(AmiMessage event) {
        }

        @Override
        public void onDisconnected(Throwable cause) {
            if (links.size() > 1) {
                LOG.warn("Asterisk {} is out of reach; agents whose phones are there get no calls until it is back",
                        server);
            }
            locations.linkLost(server);
        }
    }

    /** The links, in configuration order. */
    public List<Link> all() {
        return links;
    }

    /** The first server's link: callbacks and server-wide actions go there. */
    public AmiClient home() {
        return links.get(0).client();
    }

    /** Where each agent's phone lives. */
    public PhoneLocations locations() {
        return locations;
    }

    /** Adds a listener to every link. */
    public void addListener(AmiListener listener) {
        links.forEach(l -> l.client().addListener(listener));
    }

    /** Starts every link; completes once each has logged in once. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(links.stream().map(l -> l.client().start()).toArray(CompletableFuture[]::new));
    }

    /** True while every link is logged in. */
    public boolean isConnected() {
        return links.stream().allMatch(l -> l.client().isConnected());
    }

    /** A reload: every link's events and phones learn the new agents. */
    public void configure(RoutingConfiguration routing) {
        for (Link l : links) {
            l.events().configure(routing);
            l.phones().configure(routing);
        }
    }

    /**
     * The agent's SIP phone as the links see it: registered if registered on any server whose link is up, else as
     * the first server sees it.
     */
    public PhonePresence.Status phoneStatus(String agentId) {
        for (Link l : links) {
            if (links.size() > 1 && l.client().isConnected()
                    && l.phones().status(agentId) == PhonePresence.Status.REGISTERED) {
                return PhonePresence.Status.REGISTERED;
            }
        }
        return links.get(0).phones().status(agentId);
    }

    /** The first server's phones (all of them with a single server). */
    public PhonePresence homePhones() {
        return links.get(0).phones();
    }

    /**
     * Every agent's SIP phone as {@code /routing} shows it. With several servers: as a server whose link is up and
     * where the phone is registered sees it; else as the first server whose link is up sees it; a phone no such
     * server can tell of is {@code unknown} and not available. With a single server: as it sees it.
     */
    public Map<String, PhonePresence.PhoneView> phones() {
        if (links.size() == 1) {
            return links.get(0).phones().phones();
        }
        Map<String, PhonePresence.PhoneView> views = new LinkedHashMap<>();
        links.get(0).phones().phones().forEach((agent, view) -> views.put(agent,
                new PhonePresence.PhoneView(view.endpoint(), PhonePresence.Status.UNKNOWN.label(), false)));
        boolean first = true;
        for (Link l : links) {
            if (!l.client().isConnected()) {
                continue;
            }
            boolean fallback = first;
            first = false;
            l.phones().phones().forEach((agent, view) -> {
                if (fallback || "registered".equals(view.status())) {
                    views.put(agent, view);
                }
            });
        }
        return views;
    }

    /**
     * The meters of every link: untagged with a single server, as before; with several, tagged {@code asterisk} with
     * the server's name.
     */
    public void bindTo(MeterRegistry meters) {
        for (Link l : links) {
            new AmiMetrics(l.client(), links.size() == 1 ? Tags.empty() : Tags.of("asterisk", l.name()))
                    .bindTo(meters);
        }
    }

    /**
     * The server a call lives on: the one whose name starts its unique id ({@code pbx1-1764582115.12}); with a single
     * server, that one. A unique id with no known prefix (an Asterisk without its {@code systemname}) is taken to be
     * the first server's, and logged once.
     */
    public String serverOf(String callId) {
        if (links.size() == 1 || callId == null) {
            return links.get(0).name();
        }
        String best = null;
        for (Link l : links) {
            String n = l.name();
            if (callId.length() > n.length() && callId.startsWith(n) && callId.charAt(n.length()) == '-'
                    && (best == null || n.length() > best.length())) {
                best = n;
            }
        }
        if (best != null) {
            return best;
        }
        if (!unknownPrefixLogged) {
            unknownPrefixLogged = true;
            LOG.warn("call {} names no configured Asterisk server (expected one of {} followed by '-'); set each"
                    + " server's systemname in asterisk.conf to its name in acd.yaml", callId,
                    links.stream().map(Link::name).toList());
        }
        return links.get(0).name();
    }

    /** The decision as the caller's own server dials it: across a trunk when the agent's phone is elsewhere. */
    public RoutingDecision reach(RoutingDecision decision) {
        return reachFrom(serverOf(decision.callId()), decision);
    }

    /** The decision as the first server dials it (callbacks are placed there). */
    public RoutingDecision reachFromHome(RoutingDecision decision) {
        return reachFrom(links.get(0).name(), decision);
    }

    private RoutingDecision reachFrom(String caller, RoutingDecision decision) {
        String endpoint = decision.endpoint();
        if (links.size() == 1 || !endpoint.startsWith(PJSIP) || endpoint.indexOf('@') >= 0) {
            return decision;
        }
        String target = locations.serverFor(caller, decision.agentId());
        if (target.equals(caller)) {
            return decision;
        }
        String trunk = links.stream().filter(l -> l.name().equals(target)).findFirst().orElseThrow().server().trunk();
        return decision.withEndpoint(endpoint + "@" + trunk);
    }

    @Override
    public void close() {
        links.forEach(l -> l.client().close());
    }
}
