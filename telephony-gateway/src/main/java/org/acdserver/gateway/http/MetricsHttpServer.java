package org.acdserver.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint: {@code /metrics} in Prometheus text format, {@code /health}, and {@code /routing}, the
 * routing core's agents and waiting calls as JSON, {@code /decisions?call=ID} (why each agent was chosen for a
 * call), {@code POST /reload} to activate edited configuration files, {@code POST /rollback} to activate the
 * previous flow version, and the callback commands {@code GET /callbacks?id=}, {@code POST /callbacks/cancel?id=}
 * and {@code POST /callbacks/reschedule?id=&at=} (an ISO instant; none for as soon as the queue is open).
 * It binds to loopback by default: it is an administrator's interface. Scraping formats the
 * registry on the event loop; it is a short, non-blocking string build.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private final Channel channel;

    public MetricsHttpServer(String host, int port, PrometheusMeterRegistry registry, Supplier<String> health,
                             Supplier<CompletableFuture<String>> routing,
                             java.util.function.Function<String, String> decisions, Reload reload, Reload rollback,
                             CallbackCommands callbacks, EventLoopGroup group)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new Handler(registry, health, routing, decisions, reload, rollback, callbacks));
                    }
                });
        this.channel = b.bind(host, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** Activates the configuration files again; throws with file and line when they are invalid. */
    @FunctionalInterface
    public interface Reload {
        String reload() throws Exception;
    }

    /** A command's answer: an HTTP status and a one-line text. */
    public record Answer(int status, String body) {
    }

    /** Cancels, reschedules and shows callbacks; answers arrive when the store and the core have acted. */
    public interface CallbackCommands {
        CompletableFuture<Answer> show(String id);

        CompletableFuture<Answer> cancel(String id);

        CompletableFuture<Answer> reschedule(String id, String at);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PrometheusMeterRegistry registry;
        private final Supplier<String> health;
        private final Supplier<CompletableFuture<String>> routing;
        private final Reload reload;
        private final Reload rollback;
        private final java.util.function.Function<String, String> decisions;
        private final CallbackCommands callbacks;

        Handler(PrometheusMeterRegistry registry, Supplier<String> health,
                Supplier<CompletableFuture<String>> routing, java.util.function.Function<String, String> decisions,
                Reload reload, Reload rollback, CallbackCommands callbacks) {
            this.rollback = rollback;
            this.callbacks = callbacks;
            this.decisions = decisions;
            this.registry = registry;
            this.health = health;
            this.routing = routing;
            this.reload = reload;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri();
            FullHttpResponse res;
            if (path.startsWith("/metrics")) {
                res = text(HttpResponseStatus.OK, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8");
            } else if ((path.startsWith("/reload") || path.startsWith("/rollback"))
                    && req.method().name().equals("POST")) {
                // Reading a few small files and writing the activation audit; rare and administrator-driven, so
                // done off the event loop.
                Reload action = path.startsWith("/reload") ? reload : rollback;
                CompletableFuture.supplyAsync(() -> {
                    try {
                        return text(HttpResponseStatus.OK, action.reload() + "\n", "text/plain");
                    } catch (Exception e) {
                        return text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n", "text/plain");
                    }
                }).thenAccept(r -> ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE));
                return;
            } else if (path.startsWith("/callbacks")) {
                var query = new io.netty.handler.codec.http.QueryStringDecoder(path);
                String id = query.parameters().getOrDefault("id", java.util.List.of("")).get(0);
                String at = query.parameters().getOrDefault("at", java.util.List.of("")).get(0);
                boolean post = req.method().name().equals("POST");
                CompletableFuture<Answer> answer = id.isBlank()
                        ? CompletableFuture.completedFuture(new Answer(400, "which callback? add ?id=ID"))
                        : post && query.path().equals("/callbacks/cancel") ? callbacks.cancel(id)
                        : post && query.path().equals("/callbacks/reschedule") ? callbacks.reschedule(id, at)
                        : !post && query.path().equals("/callbacks") ? callbacks.show(id)
                        : CompletableFuture.completedFuture(new Answer(404, "no such callback command"));
                answer.whenComplete((a, err) -> ctx.writeAndFlush(err == null
                        ? text(HttpResponseStatus.valueOf(a.status()), a.body() + "\n", "text/plain")
                        : text(HttpResponseStatus.SERVICE_UNAVAILABLE, err.getMessage() + "\n", "text/plain"))
                        .addListener(ChannelFutureListener.CLOSE));
                return;
            } else if (path.startsWith("/decisions")) {
                String call = new io.netty.handler.codec.http.QueryStringDecoder(path).parameters()
                        .getOrDefault("call", java.util.List.of("")).get(0);
                res = text(HttpResponseStatus.OK, decisions.apply(call), "application/json");
            } else if (path.startsWith("/routing")) {
                // The snapshot is taken on the routing thread; the reply is written when it arrives.
                routing.get().whenComplete((json, err) -> ctx.writeAndFlush(err == null
                        ? text(HttpResponseStatus.OK, json, "application/json")
                        : text(HttpResponseStatus.SERVICE_UNAVAILABLE, err.toString(), "text/plain"))
                        .addListener(ChannelFutureListener.CLOSE));
                return;
            } else if (path.startsWith("/health")) {
                res = text(HttpResponseStatus.OK, health.get(), "application/json");
            } else {
                res = text(HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain");
            }
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            return res;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
