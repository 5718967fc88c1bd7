package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.callback.CallbackView;

/**
 * Callbacks under {@code /api/callbacks}: a list with filters (queue, state, requested since/until, limit), and
 * cancelling or rescheduling one. Admins see and change every callback; a supervisor those of the queues they
 * supervise; an agent may list those of the queues they serve, with the caller's number hidden but for its last two
 * digits: only the roles that call customers back or answer for them see whole numbers. Changes are audited with the
 * callback before and after.
 */
public final class CallbackApi {

    /** The most callbacks one list answers. */
    static final int MAX_LIMIT = 1_000;
    private static final Set<String> STATES = Set.of("pending", "reserving", "dialing", "completed", "failed",
            "cancelled");

    /** The stored callbacks a list asks for: queues (null for all), state, since, until, limit. */
    @FunctionalInterface
    public interface Listing {
        List<CallbackView> list(List<String> queues, String state, Instant since, Instant until, int limit)
                throws Exception;
    }

    /** A list's answer. */
    record Callbacks(List<CallbackView> callbacks) {
    }

    /** A reschedule's body: the new instant, or null for as soon as the queue is open. */
    record Reschedule(Instant at) {
    }

    private final Listing listing;
    private final CallbackCommands commands;
    private final Supplier<RoutingConfiguration> routing;
    private final AuditTrail audit;

    public CallbackApi(Listing listing, CallbackCommands commands, Supplier<RoutingConfiguration> routing,
                       AuditTrail audit) {
        this.listing = listing;
        this.commands = commands;
        this.routing = routing;
        this.audit = audit;
    }

    /** The routes: the list for every role, changes for admins and supervisors. */
    public List<Route> routes() {
        return List.of(
                Route.get("/api/callbacks", Access.roles(Role.SUPERVISOR, Role.AGENT), this::list),
                Route.post("/api/callbacks/:id/cancel", Access.roles(Role.SUPERVISOR), this::cancel),
                Route.post("/api/callbacks/:id/reschedule", Access.roles(Role.SUPERVISOR), this::reschedule));
    }

    void list(RoutingContext ctx) {
        User user = Caller.of(ctx).user();
        String queue = ctx.request().getParam("queue");
        String state = ctx.request().getParam("state");
        Instant since;
        Instant until;
        int limit;
        try {
            since = instant(ctx.request().getParam("since"), "since");
            until = instant(ctx.request().getParam("until"), "until");
            limit = limit(ctx.request().getParam("limit"));
            if (state != null && !STATES.contains(state)) {
                throw new IllegalArgumentException("state must be one of " + STATES + ", not '" + state + "'");
            }
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        List<String> visible = visibleQueues(user);
        if (queue != null && visible != null && !visible.contains(queue)) {
            Replies.error(ctx, 403, user.username() + " may not see the callbacks of queue " + queue);
            return;
        }
        List<String> queues = queue != null ? List.of(queue) : visible;
        boolean masked = user.role() == Role.AGENT;
        ApiReplies.blocking(ctx, () -> listing.list(queues, state, since, until, limit).stream()
                .map(v -> masked ? masked(v) : v).toList(), list -> Replies.json(ctx, 200, new Callbacks(list)));
    }

    void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        change(ctx, id, "callback_cancel", commands.cancel(), "cancelled " + id);
    }

    void reschedule(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Reschedule body = ctx.body().length() > 0 ? Replies.body(ctx, Reschedule.class) : new Reschedule(null);
        if (body == null) {
            return;
        }
        change(ctx, id, "callback_reschedule", cb -> commands.reschedule().apply(cb, body.at()),
                "rescheduled " + id + (body.at() == null ? " for as soon as possible" : " for " + body.at()));
    }

    /**
     * Checks that the caller may change this callback (its queue is theirs), runs the command and audits the callback
     * before and after; 404 for an unknown callback, 409 for one no longer pending.
     */
    private void change(RoutingContext ctx, String id, String action,
                        Function<String, CompletableFuture<Boolean>> command, String done) {
        Caller caller = Caller.of(ctx);
        AuditEntry entry = AuditEntry.by(caller, action).withTarget(id);
        CompletableFuture<String> work = commands.find().apply(id).thenCompose(before -> {
            CallbackView cb = before.orElseThrow(() -> new NoSuchElementException("no callback " + id));
            List<String> visible = visibleQueues(caller.user());
            if (visible != null && !visible.contains(cb.queue())) {
                throw new AccessDeniedException(caller.actor() + " does not supervise queue " + cb.queue());
            }
            return command.apply(id).thenCompose(changed -> commands.find().apply(id).thenCompose(after ->
                    audit.record(changed ? entry.withBefore(cb).withAfter(after.orElse(null))
                            : entry.withBefore(cb).failed("not pending"))
                            .thenApply(v -> changed ? done : null)));
        });
        Replies.answer(ctx, work, message -> {
            if (message == null) {
                Replies.error(ctx, 409, "callback " + id + " is not pending (being dialled, or over)");
            } else {
                Replies.message(ctx, 200, message);
            }
        });
    }

    /** The queues whose callbacks a user sees: null for all (admins). */
    private List<String> visibleQueues(User user) {
        return switch (user.role()) {
            case ADMIN -> null;
            case SUPERVISOR -> List.copyOf(user.queues());
            case AGENT -> routing.get().agents().stream().filter(a -> a.id().equals(user.agentId()))
                    .map(AgentDefinition::queues).findFirst().orElse(List.of());
        };
    }

    /** The callback with all but the last two digits of the number hidden. */
    static CallbackView masked(CallbackView v) {
        String n = v.number() == null ? null
                : "*".repeat(Math.max(0, v.number().length() - 2)) + v.number().substring(
                        Math.max(0, v.number().length() - 2));
        return new CallbackView(v.id(), v.originalCallId(), v.queue(), n, v.state(), v.attempts(), v.outcome(),
                v.mergedRequests(), v.agent(), v.legCallId(), v.requestedAt(), v.notBefore(), v.connectedAt(),
                v.endedAt());
    }

    private static Instant instant(String text, String name) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an instant like 2026-05-04T09:30:00Z, not '" + text
                    + "'");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not '" + text + "'");
    }
}
