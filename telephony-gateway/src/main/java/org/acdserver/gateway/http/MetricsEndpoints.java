package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in Prometheus text format and {@code GET /health} as JSON. Both are short, non-blocking reads
 * (formatting the registry builds a string), so they run on the event loop.
 */
public final class MetricsEndpoints {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;
    private final Supplier<Health> health;

    /**
     * @param scrape the registry in Prometheus text format
     * @param health the server's health now
     */
    public MetricsEndpoints(Supplier<String> scrape, Supplier<Health> health) {
        this.scrape = scrape;
        this.health = health;
    }

    void metrics(RoutingContext ctx) {
        Replies.text(ctx, PROMETHEUS_TEXT, scrape.get());
    }

    void health(RoutingContext ctx) {
        Replies.json(ctx, 200, health.get());
    }
}
