package org.acdserver.gateway.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;

/**
 * {@code GET /callbacks?id=} shows a callback as JSON, {@code POST /callbacks/cancel?id=} cancels a pending one, and
 * {@code POST /callbacks/reschedule?id=&at=} moves it to an ISO instant (without {@code at}: as soon as the queue is
 * open). The store works on its own pool; answers are written back on the event loop. Cancelling and rescheduling
 * are audited with the callback as it stood before and after.
 */
public final class CallbackEndpoints {

    private static final String NOT_PENDING = " is not pending (unknown, being dialed, or over)";

    private final CallbackCommands commands;
    private final AuditTrail audit;

    public CallbackEndpoints(CallbackCommands commands, AuditTrail audit) {
        this.commands = commands;
        this.audit = audit;
    }

    void show(RoutingContext ctx) {
        String id = id(ctx);
        if (id != null) {
            Replies.onEventLoop(ctx, commands.find().apply(id)).onSuccess(view -> view.ifPresentOrElse(
                    v -> Replies.json(ctx, 200, v), () -> Replies.error(ctx, 404, "no callback " + id)));
        }
    }

    void cancel(RoutingContext ctx) {
        String id = id(ctx);
        if (id != null) {
            audited(ctx, id, "callback_cancel", () -> commands.cancel().apply(id)).onSuccess(done -> {
                if (done) {
                    Replies.message(ctx, 200, "cancelled " + id);
                } else {
                    Replies.error(ctx, 409, "callback " + id + NOT_PENDING);
                }
            });
        }
    }

    void reschedule(RoutingContext ctx) {
        String id = id(ctx);
        if (id == null) {
            return;
        }
        String at = ctx.request().getParam("at");
        Instant when;
        try {
            when = at == null || at.isBlank() ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            Replies.error(ctx, 400, "'" + at + "' is not an instant like 2026-05-04T09:30:00Z");
            return;
        }
        audited(ctx, id, "callback_reschedule", () -> commands.reschedule().apply(id, when)).onSuccess(done -> {
            if (done) {
                Replies.message(ctx, 200, "rescheduled " + id
                        + (when == null ? " for as soon as possible" : " for " + when));
            } else {
                Replies.error(ctx, 409, "callback " + id + NOT_PENDING);
            }
        });
    }

    /**
     * Runs a command between two looks at the callback, and records both in the audit log, the command refused
     * (not pending) as a failure; the result arrives once the entry is stored.
     */
    private Future<Boolean> audited(RoutingContext ctx, String id, String action,
                                    Supplier<CompletableFuture<Boolean>> command) {
        AuditEntry entry = AuditEntry.by(Caller.of(ctx), action).withTarget(id);
        CompletableFuture<Boolean> done = commands.find().apply(id).thenCompose(before -> command.get()
                .thenCompose(changed -> commands.find().apply(id).thenCompose(after -> audit.record(changed
                        ? entry.withBefore(before.orElse(null)).withAfter(after.orElse(null))
                        : entry.withBefore(before.orElse(null)).failed("not pending")))
                        .thenApply(recorded -> changed)));
        return Replies.onEventLoop(ctx, done);
    }

    /** The {@code id} parameter; without one the request is answered 400 here and null returned. */
    private static String id(RoutingContext ctx) {
        String id = ctx.request().getParam("id");
        if (id == null || id.isBlank()) {
            Replies.error(ctx, 400, "which callback? add ?id=ID");
            return null;
        }
        return id;
    }
}
