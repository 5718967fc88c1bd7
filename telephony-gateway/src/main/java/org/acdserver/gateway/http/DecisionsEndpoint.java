package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /decisions?call=ID}: every routing decision made for a call, oldest first (candidates, strategy,
 * priority, skill minimums, escalation step), as JSON; an empty list for a call with none.
 */
public final class DecisionsEndpoint {

    private final Function<String, ? extends List<?>> decisions;

    /** @param decisions the decisions kept for a call id; must be safe to read from any thread */
    public DecisionsEndpoint(Function<String, ? extends List<?>> decisions) {
        this.decisions = decisions;
    }

    void show(RoutingContext ctx) {
        String call = ctx.request().getParam("call");
        if (call == null || call.isBlank()) {
            Replies.error(ctx, 400, "which call? add ?call=ID");
            return;
        }
        Replies.json(ctx, 200, decisions.apply(call));
    }
}
