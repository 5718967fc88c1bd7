package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code GET /decisions?call=ID}: every routing decision made for a call, oldest first (candidates, strategy,
 * priority, skill minimums, escalation step), as JSON; an empty list for a call with none.
 */
public final class DecisionsEndpoint {

    /** The decisions of a call id, answered now or later. */
    @FunctionalInterface
    public interface Source {
        CompletionStage<? extends List<?>> decisionsFor(String callId);
    }

    private final Source decisions;

    /** @param decisions the decisions kept for a call id; must be safe to read from any thread */
    public DecisionsEndpoint(Function<String, ? extends List<?>> decisions) {
        this.decisions = call -> CompletableFuture.completedFuture(decisions.apply(call));
    }

    private DecisionsEndpoint(Source decisions) {
        this.decisions = decisions;
    }

    /**
     * An endpoint whose decisions are answered later, as the routing core answers them on its own thread; the reply
     * is written on the event loop when they arrive.
     */
    public static DecisionsEndpoint async(Source decisions) {
        return new DecisionsEndpoint(decisions);
    }

    void show(RoutingContext ctx) {
        String call = ctx.request().getParam("call");
        if (call == null || call.isBlank()) {
            Replies.error(ctx, 400, "which call? add ?call=ID");
            return;
        }
        Replies.onEventLoop(ctx, decisions.decisionsFor(call)).onSuccess(d -> Replies.json(ctx, 200, d));
    }
}
