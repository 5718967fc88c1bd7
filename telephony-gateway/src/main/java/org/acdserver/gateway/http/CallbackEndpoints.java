package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /callbacks?id=} shows a callback as JSON, {@code POST /callbacks/cancel?id=} cancels a pending one, and
 * {@code POST /callbacks/reschedule?id=&at=} moves it to an ISO instant (without {@code at}: as soon as the queue is
 * open). The store works on its own pool; answers are written back on the event loop.
 */
public final class CallbackEndpoints {

    private static final String NOT_PENDING = " is not pending (unknown, being dialed, or over)";

    private final CallbackCommands commands;

    public CallbackEndpoints(CallbackCommands commands) {
        this.commands = commands;
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
            Replies.onEventLoop(ctx, commands.cancel().apply(id)).onSuccess(done -> {
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
        Replies.onEventLoop(ctx, commands.reschedule().apply(id, when)).onSuccess(done -> {
            if (done) {
                Replies.message(ctx, 200, "rescheduled " + id
                        + (when == null ? " for as soon as possible" : " for " + when));
            } else {
                Replies.error(ctx, 409, "callback " + id + NOT_PENDING);
            }
        });
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
