package org.acdserver.gateway.standby;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.callback.CallbackTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server does when it takes the routing lease: it rebuilds the routing state from PostgreSQL, resyncs every
 * Asterisk, and lets the calls in.
 *
 * <ol>
 *   <li>Every agent's stored choice (ready, not ready and why, signed out) goes to the core.</li>
 *   <li>Waiting places and pending callbacks go back in line, in their old order (places by the order the old
 *       server kept, callbacks among them by their original call's enqueue time). A place is held until its caller
 *       returns, and its queue waits a moment (the return hold) so that callers who come back together are served
 *       in their old order; a caller who has not come back within the return grace is taken for gone: the place
 *       ends as abandoned, is logged with its call id and counted ({@code acd_places_dropped_total}).</li>
 *   <li>Callback dials claimed before are settled by asking Asterisk ({@code DialWitness}), then every manager link
 *       starts: the login's resync reads each Asterisk's channels and device states afresh.</li>
 *   <li>The {@link WaitingRoom} opens: a returning caller goes on at the flow step that queued them
 *       ({@link #resumeAt}) and takes back their place; a new caller starts their flow.</li>
 * </ol>
 * A server that routes from its start (no lease) runs the same steps at once, with no places stored.
 *
 * <p>Threads: {@link #takeOver} blocks on the database; it runs on a thread of its own, never the lease's.
 */
public final class Takeover {

    private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

    /** The parts a takeover drives. */
    public interface Steps {
        /** Reads the dials claimed before this start (blocking). */
        void loadClaimedDials() throws SQLException;

        /** Starts every manager link. */
        void startLinks();

        /** Lets the calls in. */
        void openDoors();

        /** Steps made of the three actions. */
        static Steps of(ClaimedDials dials, Runnable startLinks, Runnable openDoors) {
            return new Steps() {
                @Override
                public void loadClaimedDials() throws SQLException {
                    dials.load();
                }

                @Override
                public void startLinks() {
                    startLinks.run();
                }

                @Override
                public void openDoors() {
                    openDoors.run();
                }
            };
        }
    }

    /** Reads the callback dials claimed before this start. */
    @FunctionalInterface
    public interface ClaimedDials {
        void load() throws SQLException;
    }

    private final RoutingCore core;
    private final PlaceBook places;
    private final AgentPresence presence;
    private final CallbackDesk callbacks;
    private final Steps steps;
    private final ScheduledExecutorService timers;
    private final Duration returnGrace;
    private final Duration returnHold;
    private final Consumer<String> forget;
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, String> returning = new ConcurrentHashMap<>();
    private volatile long tookMillis = -1;

    /**
     * @param places      stored places, or null for a server without a standby
     * @param presence    stored agent choices, or null for a server without a standby
     * @param returnGrace how long a restored place waits for its caller
     * @param returnHold  how long a queue with restored callers away waits for them after the takeover or the
     *                    latest return (see the core's {@code ReturnHold})
     * @param forget      ends a restored call whose caller did not come back (the core's {@code callerHungUp})
     */
    public Takeover(RoutingCore core, PlaceBook places, AgentPresence presence, CallbackDesk callbacks, Steps steps,
                    ScheduledExecutorService timers, Duration returnGrace, Duration returnHold,
                    Consumer<String> forget) {
        this.core = core;
        this.places = places;
        this.presence = presence;
        this.callbacks = callbacks;
        this.steps = steps;
        this.timers = timers;
        this.returnGrace = returnGrace;
        this.returnHold = returnHold;
        this.forget = forget;
    }

    /** The flow step where a returning caller goes on (once: the caller is no longer expected), or null. */
    public String resumeAt(String callId) {
        return callId == null ? null : returning.remove(callId);
    }

    /** How long the last takeover took, from the lease to open doors, in milliseconds; -1 before any. */
    public long tookMillis() {
        return tookMillis;
    }

    /** Places dropped because their callers did not come back within the grace. */
    public long dropped() {
        return dropped.get();
    }

    /** Rebuilds the routing state, starts the links and opens the doors. Blocking. */
    public void takeOver() throws SQLException {
        long started = System.nanoTime();
        Map<String, AgentPresence.Choice> choices = presence == null ? Map.of() : presence.load();
        AgentPresence.apply(choices, core);
        List<PlaceBook.StoredPlace> stored = places == null ? List.of() : places.load();
        List<CallbackTicket> pending = callbacks.store().recover();
        int restored = restoreInOrder(stored, pending);
        steps.loadClaimedDials();
        steps.startLinks();
        steps.openDoors();
        tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (places != null) {
            LOG.info("took over routing in {} ms: {} agents' states, {} waiting callers' places, {} pending"
                    + " callbacks", tookMillis, choices.size(), restored, pending.size());
            timers.schedule(this::forgetAbsent, returnGrace.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.info("{} pending callbacks back in line", pending.size());
        }
    }

    /**
     * Places and callbacks merged into one line order: places in the order the old server kept them, each callback
     * before the first place that joined after its original call did.
     */
    private int restoreInOrder(List<PlaceBook.StoredPlace> stored, List<CallbackTicket> pending) {
        int c = 0;
        for (PlaceBook.StoredPlace p : stored) {
            while (c < pending.size() && pending.get(c).enqueuedAt().toEpochMilli() <= p.place().enqueuedAtMillis()) {
                callbacks.requeue(pending.get(c++));
            }
            returning.put(p.place().callId(), p.step());
            core.callRestored(p.place(), returnHold);
        }
        while (c < pending.size()) {
            callbacks.requeue(pending.get(c++));
        }
        return stored.size();
    }

    /** Callers not back within the grace are gone: their places end, and so do the stored rows. */
    private void forgetAbsent() {
        List<String> absent = new ArrayList<>(returning.keySet());
        absent.removeIf(id -> returning.remove(id) == null);
        if (absent.isEmpty()) {
            return;
        }
        LOG.info("{} callers did not come back within {} s of the takeover; their places end, as abandoned: {}",
                absent.size(), returnGrace.toSeconds(), absent);
        dropped.addAndGet(absent.size());
        absent.forEach(forget);
        try {
            places.forget(absent);
        } catch (SQLException e) {
            LOG.warn("places of callers who did not come back not deleted: {}", e.toString());
        }
    }
}
