package org.acdserver.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.agi.AgiServer;
import org.acdserver.gateway.asterisk.AsteriskLinks;
import org.acdserver.gateway.call.CallRegistry;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.callback.DialWitness;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.standby.Standby;
import org.acdserver.gateway.standby.Takeover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's part in a scale-out: one watched manager link per Asterisk server, and, with a lease, its role in an
 * active/standby pair. It decides how a routing decision is dialed (from the caller's Asterisk, across a trunk when
 * the agent's phone is on another one; not at all while this server may not route), starts the links (at once, or
 * when a standby takes over), and steps down when the lease is lost.
 */
final class ScaleOut implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOut.class);
    /**
     * The manager event classes the server asks for at login: system (FullyBooted, Shutdown, ContactStatus), call
     * (DialEnd, BridgeEnter, BridgeLeave, Hangup, DeviceStateChange) and user (the dialplan's Acd* user
     * events). The manager user's event filter in config/asterisk/manager.conf narrows these to the events by name.
     */
    private static final String AMI_EVENT_CLASSES = "system,call,user";
    /** How long a place restored by a takeover waits for its caller to come back. */
    private static final Duration RETURN_GRACE = Duration.ofSeconds(20);
    /** How long a queue waits for restored callers who come back together, so that they keep their order. */
    private static final Duration RETURN_HOLD = Duration.ofSeconds(3);

    private final Standby standby;
    private volatile AsteriskLinks links;

    /** Active/standby on a shared database, or alone; a standby rings nobody until it holds the lease. */
    ScaleOut(ServerSettings settings, DataSource dataSource, ExecutorService jdbc, MeterRegistry meters) {
        this.standby = Standby.of(settings.lease(), dataSource, jdbc);
        standby.bindTo(meters);
    }

    Standby standby() {
        return standby;
    }

    /**
     * One watched manager link per Asterisk server, each resynced on its own. Routing hears one availability per
     * agent: its device is free and its SIP phone, if any, is registered, on a server whose link is up.
     */
    AsteriskLinks link(ServerSettings settings, EventLoopGroup group, CallRegistry registry,
                       RoutingConfiguration routing, RoutingCore core, MeterRegistry meters) {
        AsteriskLinks built = new AsteriskLinks(settings.asterisks(), AMI_EVENT_CLASSES, group, registry, routing,
                (agent, available) -> core.deviceAvailability(agent, available,
                        PhonePresence.availabilityCause(available, links.phoneStatus(agent))));
        this.links = built;
        built.bindTo(meters);
        return built;
    }

    /**
     * Settles callback dials claimed before this start by asking the first Asterisk. Without a lease the pending
     * callbacks go back in line now, before any call arrives, so that they are ahead of every new caller, and the
     * claimed dials are read (they wait in 'dialing' until the manager is up to say whether they started); a standby
     * does both when it takes over.
     */
    DialWitness witness(CallbackDesk callbacks, ExecutorService jdbc) throws SQLException {
        DialWitness witness = new DialWitness(callbacks, links.home(), jdbc);
        if (!standby.enabled()) {
            callbacks.reload();
            witness.load();
        }
        links.home().addListener(witness);
        return witness;
    }

    /** A caller's decision as dialed from the caller's Asterisk; null while this server may not route. */
    RoutingDecision reach(RoutingDecision decision) {
        return standby.mayRoute() ? links.reach(decision) : null;
    }

    /** A callback's decision goes to {@code dialer} as dialed from the first Asterisk, while this server routes. */
    void dialCallback(RoutingDecision decision, Consumer<RoutingDecision> dialer) {
        if (standby.mayRoute()) {
            dialer.accept(links.reachFromHome(decision));
        }
    }

    /**
     * Without a lease the links start now, not awaited: calls are served over AGI even while a manager is
     * unreachable. A standby starts them when it takes over, after restoring the routing state.
     */
    void begin(RoutingCore core, CallbackDesk callbacks, Takeover.ClaimedDials dials, ScheduledExecutorService timers,
               AgiServer agi) {
        standby.begin(new Takeover(core, standby.placeBook(), standby.presence(), callbacks,
                Takeover.Steps.of(dials, links::start, () -> standby.room().open()), timers, RETURN_GRACE,
                RETURN_HOLD, core::callerHungUp), links::start, () -> stepDown(agi));
    }

    /**
     * The lease was lost (this server was paused or cut off, and the other one took over): it rings nobody any more
     * ({@link Standby#mayRoute}), ends its calls' AGI sessions, so that the dialplan takes the callers to the server
     * that routes now, and closes its manager links.
     */
    private void stepDown(AgiServer agi) {
        LOG.error("this server no longer routes: its calls go to the server that holds the lease now");
        agi.close();
        links.close();
    }

    /**
     * On a shutdown, before the calls are handed back: places stay as they are, and a standby puts those callers
     * back there.
     */
    void freeze() {
        standby.freeze();
    }

    /** Gives the lease up, if held, so that the standby takes over at once; last, once nothing here routes. */
    @Override
    public void close() {
        standby.close();
    }
}
