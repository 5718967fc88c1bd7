package org.acdserver.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
 * loop (the traffic is a scrape every few seconds and an administrator's commands) and a small worker pool for the
 * blocking work handlers hand off.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final long START_SECONDS = 10;
    private static final long STOP_SECONDS = 5;

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
                                  List<Route> adminRoutes) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                // No static files are served: nothing to unpack from the class path into a cache directory.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        try {
            HttpServer publicServer = listen(vertx, "public", listeners.publicListener(), publicRoutes);
            HttpServer adminServer = listen(vertx, "admin", listeners.adminListener(), adminRoutes);
            return new WebServer(vertx, publicServer, adminServer);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            throw e;
        }
    }

    private static HttpServer listen(Vertx vertx, String name, ServerSettings.Endpoint at, List<Route> routes) {
        Router router = Router.router(vertx);
        routes.forEach(r -> r.mountOn(router));
        router.errorHandler(404, ctx -> refuse(ctx, 404, "no route " + ctx.request().method() + " "
                + ctx.request().path() + " on the " + name + " listener"));
        router.errorHandler(405, ctx -> refuse(ctx, 405, ctx.request().method() + " is not allowed on "
                + ctx.request().path()));
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
