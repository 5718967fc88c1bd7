package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.acdserver.gateway.audit.Audit;

/**
 * {@code GET /audit?since=INSTANT&user=NAME&limit=N}: the audit log, newest first, at most {@value Audit#MAX_READ}
 * entries (100 by default). Admins only.
 */
public final class AuditEndpoint {

    private final Audit audit;

    public AuditEndpoint(Audit audit) {
        this.audit = audit;
    }

    void show(RoutingContext ctx) {
        String since = ctx.request().getParam("since");
        String limit = ctx.request().getParam("limit");
        Instant from;
        int most;
        try {
            from = since == null || since.isBlank() ? null : Instant.parse(since);
            most = limit == null || limit.isBlank() ? 100 : Integer.parseInt(limit);
        } catch (DateTimeParseException | NumberFormatException e) {
            Replies.error(ctx, 400, "since is an instant like 2026-05-04T09:30:00Z and limit a number");
            return;
        }
        String user = ctx.request().getParam("user");
        Replies.answer(ctx, audit.read(from, user == null || user.isBlank() ? null : user, most),
                entries -> Replies.json(ctx, 200, entries));
    }
}
