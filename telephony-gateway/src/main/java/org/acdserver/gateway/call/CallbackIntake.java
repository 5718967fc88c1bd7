package org.acdserver.gateway.call;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;

/**
 * Where a waiting caller's callback request goes: the queues' callback policies, and the commit of a request. The
 * server's is {@link #of(CallbackDesk)}; tests answer with a script.
 */
public interface CallbackIntake {

    /** The queue's callback policy, or null if it offers none. */
    CallbackSettings settings(String queue);

    /** When a callback asked for {@code at} may first be dialed: then if the queue is open, else its next opening. */
    Instant firstDial(String queue, Instant at);

    /** Commits a request; completes once committed, fails if nothing was stored. */
    CompletableFuture<CallbackStore.Accepted> request(CallbackTicket ticket);

    CallbackMetrics metrics();

    /** Whether a caller that a full {@code queue} (null: none yet) turns away is offered a callback instead. */
    default boolean offersWhenFull(String queue) {
        CallbackSettings settings = queue == null ? null : settings(queue);
        return settings != null && settings.offer().full();
    }

    /**
     * This intake with the callback policies of one configuration snapshot: a call asks the policies of the version
     * it started on, whatever a reload activates meanwhile. Requests still go to the same desk.
     */
    default CallbackIntake pinnedTo(Map<String, CallbackSettings> policies) {
        CallbackIntake desk = this;
        return new CallbackIntake() {
            @Override
            public CallbackSettings settings(String queue) {
                return policies.get(queue);
            }

            @Override
            public Instant firstDial(String queue, Instant at) {
                CallbackSettings s = policies.get(queue);
                return s == null ? at : s.firstDial(at);
            }

            @Override
            public CompletableFuture<CallbackStore.Accepted> request(CallbackTicket ticket) {
                return desk.request(ticket);
            }

            @Override
            public CallbackMetrics metrics() {
                return desk.metrics();
            }
        };
    }

    /** The calls' view of the server's callback desk. */
    static CallbackIntake of(CallbackDesk desk) {
        return new CallbackIntake() {
            @Override
            public CallbackSettings settings(String queue) {
                return desk.settings(queue);
            }

            @Override
            public Instant firstDial(String queue, Instant at) {
                return desk.firstDial(queue, at);
            }

            @Override
            public CompletableFuture<CallbackStore.Accepted> request(CallbackTicket ticket) {
                return desk.request(ticket);
            }

            @Override
            public CallbackMetrics metrics() {
                return desk.metrics();
            }
        };
    }
}
