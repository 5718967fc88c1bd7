package org.acdserver.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /routing}: the routing core's agents and waiting calls as JSON, and under {@code phones} the SIP phone
 * of each agent that has one (registered, unreachable or unregistered; an agent whose phone is not available is not
 * offered calls). The snapshot is taken on the routing thread; the answer is serialised and written on the event loop
 * when it arrives.
 */
public final class RoutingViewEndpoint {

    private final Supplier<? extends CompletionStage<?>> snapshot;
    private final Supplier<? extends Map<String, ?>> phones;

    public RoutingViewEndpoint(Supplier<? extends CompletionStage<?>> snapshot) {
        this(snapshot, Map::of);
    }

    /** With the agents' phones by agent id. */
    public RoutingViewEndpoint(Supplier<? extends CompletionStage<?>> snapshot,
                               Supplier<? extends Map<String, ?>> phones) {
        this.snapshot = snapshot;
        this.phones = phones;
    }

    void show(RoutingContext ctx) {
        Replies.onEventLoop(ctx, snapshot.get()).onSuccess(s -> {
            JsonNode view = Replies.JSON.valueToTree(s);
            if (view instanceof ObjectNode object) {
                object.set("phones", Replies.JSON.valueToTree(phones.get()));
            }
            Replies.json(ctx, 200, view);
        });
    }
}
