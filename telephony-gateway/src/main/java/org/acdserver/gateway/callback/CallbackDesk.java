package org.acdserver.gateway.callback;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.acdserver.core.CallbackRequest;
import org.acdserver.core.RoutingCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes callback requests, cancels and reschedules them, and reloads the pending ones at start-up: the store is
 * written first, then the routing core is told, so that what the core holds is always committed.
 *
 * <p>Database work runs on the given executor (virtual threads), never on the caller's thread; results are
 * futures.
 */
public final class CallbackDesk {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDesk.class);

    private final CallbackStore store;
    private final RoutingCore core;
    private final Supplier<Map<String, CallbackSettings>> settings;
    private final ExecutorService jdbc;
    private final CallbackMetrics metrics;
    private final Clock clock;

    public CallbackDesk(CallbackStore store, RoutingCore core, Supplier<Map<String, CallbackSettings>> settings,
                        ExecutorService jdbc, CallbackMetrics metrics, Clock clock) {
        this.store = store;
        this.core = core;
        this.settings = settings;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The queue's callback policy, or null if it offers none. */
    public CallbackSettings settings(String queue) {
        return settings.get().get(queue);
    }

    public CallbackMetrics metrics() {
        return metrics;
    }

    public CallbackStore store() {
        return store;
    }

    /**
     * When a callback asked for now may first be dialed: now if the queue's callback schedule is open, else its next
     * opening (after holidays and closed exception dates too).
     */
    public Instant firstDial(String queue, Instant now) {
        CallbackSettings s = settings(queue);
        return s == null ? now : s.firstDial(now);
    }

    /**
     * Commits a request, then puts it in line in the core in the original call's place (a merged request leaves
     * the pending callback where it is). Completes once committed; fails if the commit failed, and then nothing
     * was stored and the core was not told.
     */
    public CompletableFuture<CallbackStore.Accepted> request(CallbackTicket ticket) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.request(ticket);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc).thenApply(accepted -> {
            metrics.accepted.increment();
            if (accepted.merged()) {
                metrics.merged.increment();
                LOG.info("callback request of call {} for {} merged into pending callback {}",
                        ticket.originalCallId(), ticket.number(), accepted.id());
            } else {
                core.callbackQueued(new CallbackRequest(ticket.id(), ticket.originalCallId(), ticket.queue(),
                        ticket.priority(), ticket.skills(), ticket.enqueuedAt().toEpochMilli(),
                        millis(ticket.notBefore()))).whenComplete((ok, err) -> {
                            if (err != null || !ok) {
                                // Stored, so not lost: the next start puts it in line.
                                LOG.error("callback {} is stored but the routing core did not take it (queue {})",
                                        ticket.id(), ticket.queue(), err);
                            }
                        });
                LOG.info("callback {} for {} in queue {} accepted (call {})", ticket.id(), ticket.number(),
                        ticket.queue(), ticket.originalCallId());
            }
            return accepted;
        });
    }

    /** The stored callback, as it stands. */
    public CompletableFuture<Optional<CallbackView>> find(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.find(id);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc);
    }

    /** Cancels a pending callback; completes with false if it is not pending (being dialed, over, unknown). */
    public CompletableFuture<Boolean> cancel(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.cancel(id);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc).thenCompose(done -> {
            if (!done) {
                return CompletableFuture.completedFuture(false);
            }
            metrics.cancelled.increment();
            return core.callbackCancelled(id).thenApply(x -> true);
        });
    }

    /** Moves a pending callback to a new time (null: as soon as the queue is open); false if not pending. */
    public CompletableFuture<Boolean> reschedule(String id, Instant at) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                CallbackTicket t = store.ticket(id).orElse(null);
                if (t == null) {
                    return null;
                }
                Instant when = firstDial(t.queue(), at == null ? clock.instant() : at);
                return store.reschedule(id, when) ? when : null;
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc).thenCompose(when -> when == null ? CompletableFuture.completedFuture(false)
                : core.callbackRescheduled(id, when.toEpochMilli()));
    }

    /**
     * At start-up: makes callbacks whose agent leg was ringing pending again (see {@link CallbackStore#recover}) and
     * puts every pending one back in line, in the order of the original calls' arrival. Claimed dials are settled
     * by {@link DialWitness}. Blocking; call it before taking calls.
     */
    public int reload() throws SQLException {
        List<CallbackTicket> pending = store.recover();
        pending.forEach(this::requeue);
        LOG.info("{} pending callbacks back in line", pending.size());
        return pending.size();
    }

    /** Puts a stored pending callback in line in the core, at the original call's place. */
    public void requeue(CallbackTicket t) {
        core.callbackQueued(new CallbackRequest(t.id(), null, t.queue(), t.priority(), t.skills(),
                t.enqueuedAt().toEpochMilli(), millis(t.notBefore()))).whenComplete((ok, err) -> {
                    if (err != null || !ok) {
                        LOG.error("pending callback {} for queue {} could not be put back in line", t.id(),
                                t.queue(), err);
                    }
                });
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }
}
