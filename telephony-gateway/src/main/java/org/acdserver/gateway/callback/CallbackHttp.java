package org.acdserver.gateway.callback;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.http.MetricsHttpServer;

/** The callback commands of the HTTP interface: cancel, reschedule and show, with plain answers. */
public final class CallbackHttp implements MetricsHttpServer.CallbackCommands {

    private final CallbackDesk desk;

    public CallbackHttp(CallbackDesk desk) {
        this.desk = desk;
    }

    @Override
    public CompletableFuture<MetricsHttpServer.Answer> show(String id) {
        return desk.find(id).thenApply(v -> v.map(x -> new MetricsHttpServer.Answer(200, x.toString()))
                .orElse(new MetricsHttpServer.Answer(404, "no callback " + id)));
    }

    @Override
    public CompletableFuture<MetricsHttpServer.Answer> cancel(String id) {
        return desk.cancel(id).thenApply(done -> done ? new MetricsHttpServer.Answer(200, "cancelled " + id)
                : new MetricsHttpServer.Answer(409, "callback " + id + " is not pending (unknown, being dialed, or"
                        + " over)"));
    }

    @Override
    public CompletableFuture<MetricsHttpServer.Answer> reschedule(String id, String at) {
        Instant when;
        try {
            when = at == null || at.isBlank() ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            return CompletableFuture.completedFuture(new MetricsHttpServer.Answer(400,
                    "'" + at + "' is not an instant like 2026-05-04T09:30:00Z"));
        }
        return desk.reschedule(id, when).thenApply(done -> done
                ? new MetricsHttpServer.Answer(200, "rescheduled " + id + (when == null ? " for as soon as possible"
                        : " for " + when))
                : new MetricsHttpServer.Answer(409, "callback " + id + " is not pending (unknown, being dialed, or"
                        + " over)"));
    }
}
