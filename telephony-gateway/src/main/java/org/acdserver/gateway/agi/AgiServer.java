package org.acdserver.gateway.agi;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FastAGI server on Netty: Asterisk opens one connection per call, and each connection is an
 * {@link AgiConnection} state machine on one event loop. There is no thread per call; a held call costs a socket,
 * its pipeline and a few small objects. Lines are bounded, requests are bounded in lines and time, and a misbehaving
 * peer only ever closes its own connection.
 */
public final class AgiServer implements AutoCloseable {

    private final AgiServerSettings settings;
    private final AgiScriptResolver resolver;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Counters counters;
    private final ChannelGroup sessions = new DefaultChannelGroup("agi-sessions", GlobalEventExecutor.INSTANCE);
    private final AgiPeerFilter peers;
    private Channel server;

    /** A server that accepts connections from the local machine only. */
    public AgiServer(AgiServerSettings settings, AgiScriptResolver resolver, EventLoopGroup boss,
                     EventLoopGroup workers) {
        this(settings, List.of("127.0.0.1", "::1"), resolver, boss, workers);
    }

    /**
     * @param allow the addresses or CIDR blocks connections are accepted from; others are closed with a log line
     */
    public AgiServer(AgiServerSettings settings, List<String> allow, AgiScriptResolver resolver, EventLoopGroup boss,
                     EventLoopGroup workers) {
        this.settings = settings;
        this.resolver = resolver;
        this.boss = boss;
        this.workers = workers;
        this.counters = new Counters(settings.maxSessions());
        this.peers = new AgiPeerFilter(allow, counters::refused);
    }

    public void start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(peers);
                        sessions.add(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(settings.maxLineBytes(), true, true),
                                new AgiConnection(settings, resolver, counters));
                    }
                });
        server = b.bind(settings.host(), settings.port()).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Registers the server's session gauge and counters: active, started, and rejected connections, and the waits a
     * command written into them did not end in time ({@code acd.agi.interrupts.nudged}).
     */
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("acd.agi.sessions", this, AgiServer::activeSessions).register(meters);
        FunctionCounter.builder("acd.agi.sessions.started", this, AgiServer::sessionsStarted).register(meters);
        FunctionCounter.builder("acd.agi.sessions.rejected", this, AgiServer::sessionsRejected)
                .description("connections closed for a bad request, an unknown script, a too-long line or a full"
                        + " server")
                .register(meters);
        FunctionCounter.builder("acd.agi.interrupts.nudged", this, AgiServer::interruptsNudged)
                .description("waits that a command written into them did not end in time, so that a NOOP followed")
                .register(meters);
    }

    /** Connections open now (requests being read and calls running). */
    public int activeSessions() {
        return counters.active.get();
    }

    /** Calls whose script started, since the server started. */
    public long sessionsStarted() {
        return counters.started.get();
    }

    /** Connections refused because their peer is not in the allowlist. */
    public long connectionsRefused() {
        return counters.refused.get();
    }

    /** Connections closed for a bad request, an unknown script, a too-long line or a full server. */
    public long sessionsRejected() {
        return counters.rejected.get();
    }

    /** Waits that a command written into them did not end in time, so that a {@code NOOP} line followed. */
    public long interruptsNudged() {
        return counters.nudged.get();
    }

    /**
     * Stops taking new connections; the sessions open now carry on. Asterisk's {@code AGI()} to this server then
     * fails at once, and its dialplan goes on (to {@code acd-fallback}).
     */
    public void stopAccepting() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopAccepting();
        sessions.close().syncUninterruptibly();
    }

    /** Session counters shared by the connections; updated from every event loop. */
    static final class Counters {
        private final int max;
        final AtomicInteger active = new AtomicInteger();
        final AtomicLong started = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong nudged = new AtomicLong();

        Counters(int max) {
            this.max = max;
        }

        boolean admit() {
            if (active.incrementAndGet() > max) {
                active.decrementAndGet();
                return false;
            }
            return true;
        }

        void left() {
            active.decrementAndGet();
        }

        void started() {
            started.incrementAndGet();
        }

        void rejected() {
            rejected.incrementAndGet();
        }

        void refused() {
            refused.incrementAndGet();
        }

        void nudged() {
            nudged.incrementAndGet();
        }
    }
}
