package org.acdserver.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One route of a listener: a method and an exact path, and what answers it. A WebSocket route upgrades a GET and
 * hands the socket on.
 *
 * @param method  the HTTP method ({@code GET} for a WebSocket)
 * @param path    the exact path
 * @param handler answers the request
 */
public record Route(HttpMethod method, String path, Handler<RoutingContext> handler) {

    public static Route get(String path, Handler<RoutingContext> handler) {
        return new Route(HttpMethod.GET, path, handler);
    }

    public static Route post(String path, Handler<RoutingContext> handler) {
        return new Route(HttpMethod.POST, path, handler);
    }

    /** A WebSocket endpoint: the upgrade is a GET on {@code path}; a refused upgrade answers 400. */
    public static Route webSocket(String path, Handler<ServerWebSocket> sockets) {
        return get(path, ctx -> ctx.request().toWebSocket()
                .onSuccess(sockets)
                .onFailure(e -> Replies.error(ctx, 400, "not a WebSocket upgrade: " + e.getMessage())));
    }

    void mountOn(Router router) {
        router.route(method, path).handler(handler);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
