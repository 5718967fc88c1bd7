package org.acdserver.gateway.standby;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.config.LeaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's part in an active/standby pair on a shared PostgreSQL ({@code lease:} in {@code acd.yaml}), or, when
 * the lease is off, a server that routes alone from its start.
 *
 * <p>With the lease on, the server starts as a standby: its FastAGI listener takes calls into the
 * {@link WaitingRoom}, its manager links stay down, and its routing core is empty. Once it takes the lease it runs
 * the {@link Takeover} and routes. While it routes it stores waiting places ({@link PlaceBook}) and agents' choices
 * ({@link AgentPresence}), fenced by its lease token, and rings agents only while {@link #mayRoute()}. If it loses the
 * lease (it was paused or cut off, and the other server took over) it stops routing at once and {@link #lost()}
 * completes: the server then ends its calls' AGI sessions, so that the dialplan takes its callers to the server that
 * routes now, where they find their places, and {@code acd-server serve} exits to be started again as a standby.
 */
public final class Standby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Standby.class);
    /** A takeover that fails (the database went away meanwhile) is tried this many times, then the lease given up. */
    private static final int TAKEOVER_ATTEMPTS = 5;

    private final LeaseSettings settings;
    private final RoutingLease lease;
    private final PlaceBook places;
    private final AgentPresence presence;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile WaitingRoom room;
    private volatile Takeover takeover;
    private volatile Runnable onLost = () -> { };

    private Standby(LeaseSettings settings, DataSource dataSource, ExecutorService jdbc) {
        this.settings = settings;
        if (settings.enabled()) {
            this.lease = new RoutingLease(dataSource, settings, new RoutingLease.Holder() {
                @Override
                public void acquired(long token) {
                    Thread.ofVirtual().name("acd-takeover").start(Standby.this::takeOver);
                }

                @Override
                public void lost(String why) {
                    onLost.run();
                    lost.complete(why);
                }
            });
            this.places = new PlaceBook(dataSource, lease);
            this.presence = new AgentPresence(dataSource, lease, jdbc);
        } else {
            this.lease = null;
            this.places = null;
            this.presence = null;
        }
    }

    /** The arrangement the settings ask for; off, the server routes alone and stores nothing for a standby. */
    public static Standby of(LeaseSettings settings, DataSource dataSource, ExecutorService jdbc) {
        return new Standby(settings, dataSource, jdbc);
    }

    public boolean enabled() {
        return lease != null;
    }

    /** Whether this server may ring agents now: always without a lease, else while it holds it. */
    public boolean mayRoute() {
        return lease == null || lease.heldNow();
    }

    /** Where waiting places go: stored with a lease, nowhere without. */
    public WaitingPlaces places() {
        return places == null ? WaitingPlaces.NONE : places;
    }

    /** The stored places; null without a lease. */
    public PlaceBook placeBook() {
        return places;
    }

    /** What routing-affecting writes check: the lease token, or nothing without a lease. */
    public Fence fence() {
        return lease == null ? Fence.NONE : lease;
    }

    /** Where agents' choices are stored; null without a lease. */
    public AgentPresence presence() {
        return presence;
    }

    /** The scripts calls reach: through the waiting room with a lease, directly without. */
    public AgiScriptResolver lobby(AgiScriptResolver scripts) {
        if (lease == null) {
            return scripts;
        }
        room = new WaitingRoom(scripts, lease::renewalsSeen, settings.duration().multipliedBy(3)
                .plus(Duration.ofSeconds(10)), "default");
        return room;
    }

    /** The flow step where a caller put back in line goes on, or null for a call to start at its flow's start. */
    public String resumeAt(String callId) {
        Takeover t = takeover;
        return t == null ? null : t.resumeAt(callId);
    }

    /** The waiting room, to open when taking over; null without a lease. */
    public WaitingRoom room() {
        return room;
    }

    /** Completes, with the reason, when this server lost the lease after holding it. */
    public CompletableFuture<String> lost() {
        return lost;
    }

    /**
     * Starts standing by (with a lease): {@code takeover} runs when the lease is taken, {@code whenLost} when it is
     * lost. Without a lease there is nothing to start.
     */
    public void start(Takeover takeover, Runnable whenLost) {
        this.takeover = takeover;
        this.onLost = whenLost;
        if (lease != null) {
            LOG.info("standing by as {}: routing once the lease is free", settings.node());
            lease.start();
        }
    }

    /**
     * Starts the server's part: with a lease, standing by ({@link #start}); without, {@code alone} runs at once (the
     * server routes from its start).
     */
    public void begin(Takeover takeover, Runnable alone, Runnable whenLost) {
        if (lease == null) {
            alone.run();
        } else {
            start(takeover, whenLost);
        }
    }

    private void takeOver() {
        for (int attempt = 1; attempt <= TAKEOVER_ATTEMPTS; attempt++) {
            try {
                takeover.takeOver();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.error("takeover attempt {} of {} failed", attempt, TAKEOVER_ATTEMPTS, e);
                try {
                    TimeUnit.MILLISECONDS.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.error("cannot take over routing; giving the lease up");
        lease.close();
    }

    /** Meters: {@code acd_lease_active} (1 while this server routes) and the waiting places written and fenced off. */
    public void bindTo(MeterRegistry meters) {
        if (lease == null) {
            return;
        }
        Gauge.builder("acd.lease.active", this, s -> s.mayRoute() ? 1 : 0)
                .description("1 while this server holds the routing lease and routes, else 0").register(meters);
        Gauge.builder("acd.lease.token", lease, RoutingLease::token)
                .description("the lease token this server holds or last held").register(meters);
        Gauge.builder("acd.standby.held.calls", this, s -> s.room == null ? 0 : s.room.held())
                .description("calls held on music while this server stands by").register(meters);
        FunctionCounter.builder("acd.places.written", places, PlaceBook::written)
                .description("waiting calls' places stored for a standby").register(meters);
        FunctionCounter.builder("acd.places.fenced", places, PlaceBook::fenced)
                .description("waiting places not stored because this server no longer held the lease")
                .register(meters);
        FunctionCounter.builder("acd.places.dropped", this, s -> s.takeover == null ? 0 : s.takeover.dropped())
                .description("restored places ended because their callers did not come back within the grace")
                .register(meters);
    }

    /**
     * Stops storing places (what is in hand is written first). On a shutdown this comes before the calls' sessions
     * close, so that the callers the standby takes keep the places they had.
     */
    public void freeze() {
        if (places != null) {
            places.close();
        }
    }

    /** Gives the lease up, if held, so that the standby takes over without waiting for it to run out. */
    @Override
    public void close() {
        freeze();
        if (lease != null) {
            lease.close();
        }
    }
}
