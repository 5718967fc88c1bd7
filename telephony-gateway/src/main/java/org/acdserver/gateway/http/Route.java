package org.acdserver.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.util.function.Function;

/**
 * One route of a listener: a method and a path, who may reach it, and what answers it. A page route answers a
 * browser (one not logged in is sent to the login page rather than answered 401); a files route serves a folder of
 * the class path; a WebSocket route upgrades a GET and hands the socket on.
 *
 * @param method  the HTTP method ({@code GET} for a WebSocket)
 * @param path    the path, with {@code :name} parameters, or ending in {@code /*} for a folder of files
 * @param access  who may reach it
 * @param page    whether browsers navigate to it (a refusal redirects to the login page)
 * @param handler answers the request
 */
public record Route(HttpMethod method, String path, Access access, boolean page, Handler<RoutingContext> handler) {

    public static Route get(String path, Access access, Handler<RoutingContext> handler) {
        return new Route(HttpMethod.GET, path, access, false, handler);
    }

    public static Route post(String path, Access access, Handler<RoutingContext> handler) {
        return new Route(HttpMethod.POST, path, access, false, handler);
    }

    public static Route delete(String path, Access access, Handler<RoutingContext> handler) {
        return new Route(HttpMethod.DELETE, path, access, false, handler);
    }

    /** A page: an HTML file of the class path's {@code web/} folder. */
    public static Route page(String path, String file, Access access) {
        String resource = "web/" + file;
        return new Route(HttpMethod.GET, path, access, true, ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .sendFile(resource));
    }

    /**
     * A folder of the class path served as files under {@code prefix} (e.g. {@code /assets} serving {@code web/assets},
     * or {@code /webjars} serving the webjars' {@code META-INF/resources/webjars}). No listings, no hidden files.
     */
    public static Route files(String prefix, String classpathFolder, Access access) {
        StaticHandler files = StaticHandler.create(classpathFolder).setDirectoryListing(false)
                .setIncludeHidden(false).setCachingEnabled(false);
        return new Route(HttpMethod.GET, prefix + "/*", access, false, files);
    }

    /**
     * A WebSocket endpoint: the upgrade is a GET on {@code path}; a refused upgrade answers 400. An upgrade whose
     * Origin is another site is refused (403): a browser sends the session cookie with any page's upgrade.
     */
    public static Route webSocket(String path, Access access, Handler<ServerWebSocket> sockets) {
        return webSocketPerRequest(path, access, ctx -> sockets);
    }

    /**
     * A WebSocket endpoint whose socket handler depends on the request (who is logged in): {@code sockets} answers the
     * handler, or answers the request itself (a refusal) and returns null, and then no upgrade happens.
     */
    public static Route webSocketPerRequest(String path, Access access,
                                            Function<RoutingContext, Handler<ServerWebSocket>> sockets) {
        return get(path, access, ctx -> {
            String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
            if (origin != null && !sameOrigin(origin, ctx.request().authority() == null ? null
                    : ctx.request().authority().toString())) {
                Replies.error(ctx, 403, "WebSocket from another origin (" + origin + ") refused");
                return;
            }
            Handler<ServerWebSocket> handler = sockets.apply(ctx);
            if (handler == null) {
                return;
            }
            ctx.request().toWebSocket()
                    .onSuccess(handler)
                    .onFailure(e -> Replies.error(ctx, 400, "not a WebSocket upgrade: " + e.getMessage()));
        });
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void mountOn(Router router, AccessGate gate) {
        var route = router.route(method, path);
        if (!access.isOpen()) {
            route.handler(gate.check(this));
        }
        route.handler(handler);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
