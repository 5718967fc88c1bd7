package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /routing}: the routing core's agents and waiting calls as JSON. The snapshot is taken on the routing
 * thread; the answer is serialised and written on the event loop when it arrives.
 */
public final class RoutingViewEndpoint {

    private final Supplier<? extends CompletionStage<?>> snapshot;

    public RoutingViewEndpoint(Supplier<? extends CompletionStage<?>> snapshot) {
        this.snapshot = snapshot;
    }

    void show(RoutingContext ctx) {
        Replies.onEventLoop(ctx, snapshot.get()).onSuccess(s -> Replies.json(ctx, 200, s));
    }
}
