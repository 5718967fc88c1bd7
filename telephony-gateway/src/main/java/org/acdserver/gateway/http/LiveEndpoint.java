package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.acdserver.gateway.kpi.LiveView;

/**
 * {@code GET /live}: queues and agents as they stand (calls waiting, longest wait, members by state; each agent's
 * state, reason, call and time in state) as JSON. It reads values already in memory, so it runs on the event loop.
 */
public final class LiveEndpoint {

    private final Supplier<LiveView> live;

    public LiveEndpoint(Supplier<LiveView> live) {
        this.live = live;
    }

    void show(RoutingContext ctx) {
        Replies.json(ctx, 200, live.get());
    }
}
