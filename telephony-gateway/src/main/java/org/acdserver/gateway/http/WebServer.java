package org.acdserver.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acdserver.gateway.config.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two HTTP listeners on Vert.x Web: the public one and the admin one, each with its own router built from a list
 * of {@link Route}s (see {@link Routes}). Vert.x runs on the same Netty as FastAGI and AMI, with its own single event
 * loop (the traffic is a scrape every few seconds, administrators' commands and the pages' requests) and a small
 * worker pool for the blocking work handlers hand off.
 *
 * <p>The public listener takes only routes that need no login. On the admin listener every route that needs one is
 * behind the {@link AccessGate}; every answer carries headers that keep pages from being framed, sniffed or fed
 * scripts from elsewhere (only the server's own files run), and request bodies are read whole, up to
 * {@value #MAX_BODY_BYTES} bytes, before any route sees them.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /**
     * How long a listener may take to bind. Generous: a server restarted under load (health checks arriving at once,
     * a cold JVM) has been seen to need more than 10 s for its second listener, and failing the start then is worse.
     */
    private static final long START_SECONDS = 60;
    private static final long STOP_SECONDS = 5;
    /** The largest request body the admin listener reads. */
    public static final long MAX_BODY_BYTES = 1 << 20;

    private final Vertx vertx;
    private final HttpServer publicServer;
    private final HttpServer adminServer;

    private WebServer(Vertx vertx, HttpServer publicServer, HttpServer adminServer) {
        this.vertx = vertx;
        this.publicServer = publicServer;
        this.adminServer = adminServer;
    }

    /**
     * Binds both listeners; returns when both accept connections.
     *
     * @throws IllegalStateException naming the listener and its address when one cannot bind
     */
    public static WebServer start(ServerSettings.HttpListeners listeners, List<Route> publicRoutes,
                                  List<Route> adminRoutes, AccessGate gate) {
        for (Route r : publicRoutes) {
            if (!r.access().isOpen()) {
                throw new IllegalArgumentException(r + " needs a login; the public listener has no logins");
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                // Pages and their files come from the class path (web/ and the webjars). Vert.x copies each one into a
                // cache directory of this instance's own, deleted when it closes, so a new run serves a new build's
                // files. Caching stays on: without it Vert.x copies the file again, replacing it, on every request,
                // and a request that comes during another's copy finds no file (a 404 for a page's script, seen in a
                // browser test with two pages loading at once).
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(true)
                        .setClassPathResolvingEnabled(true)));
        try {
            HttpServer publicServer = listen(vertx, "public", listeners.publicListener(), Router.router(vertx),
                    publicRoutes, gate);
            HttpServer adminServer = listen(vertx, "admin", listeners.adminListener(), adminRouter(vertx),
                    adminRoutes, gate);
            return new WebServer(vertx, publicServer, adminServer);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            throw e;
        }
    }

    /** The admin listener's router, with the headers and body handling every route gets. */
    private static Router adminRouter(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        router.route().handler(CSPHandler.create().addDirective("default-src", "'self'")
                .addDirective("object-src", "'none'").addDirective("base-uri", "'none'")
                .addDirective("form-action", "'self'").addDirective("frame-ancestors", "'none'"));
        router.route().handler(XFrameHandler.create(XFrameHandler.DENY));
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        return router;
    }

    private static HttpServer listen(Vertx vertx, String name, ServerSettings.Endpoint at, Router router,
                                     List<Route> routes, AccessGate gate) {
        routes.forEach(r -> r.mountOn(router, gate));
        router.errorHandler(404, ctx -> refuse(ctx, 404, "no route " + ctx.request().method() + " "
                + ctx.request().path() + " on the " + name + " listener"));
        router.errorHandler(405, ctx -> refuse(ctx, 405, ctx.request().method() + " is not allowed on "
                + ctx.request().path()));
        router.errorHandler(413, ctx -> refuse(ctx, 413, "request body over " + MAX_BODY_BYTES + " bytes"));
        router.errorHandler(500, ctx -> {
            LOG.error("{} {} failed on the {} listener", ctx.request().method(), ctx.request().path(), name,
                    ctx.failure());
            refuse(ctx, 500, "internal error: " + ctx.failure());
        });
        try {
            return vertx.createHttpServer(new HttpServerOptions().setHost(at.host()).setPort(at.port()))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + at.host() + ":" + at.port() + " (http." + name
                    + "): " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("http." + name + " on " + at.host() + ":" + at.port()
                    + " did not start in " + START_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting http." + name, e);
        }
    }

    private static void refuse(RoutingContext ctx, int status, String error) {
        if (!ctx.response().ended()) {
            Replies.error(ctx, status, error);
        }
    }

    /** The public listener's port (the bound one when 0 was configured). */
    public int publicPort() {
        return publicServer.actualPort();
    }

    /** The admin listener's port (the bound one when 0 was configured). */
    public int adminPort() {
        return adminServer.actualPort();
    }

    @Override
    public void close() {
        closeQuietly(vertx);
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("closing the HTTP listeners: {}", e.toString());
        }
    }
}
