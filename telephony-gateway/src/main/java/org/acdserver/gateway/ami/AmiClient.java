package org.acdserver.gateway.ami;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking Asterisk Manager Interface client on Netty.
 *
 * <p>Why not asterisk-java's connection: there, events and responses share one thread and a queue that drops when
 * full, a blocking send inside a listener waits forever, nothing is resynced after a reconnect, and event classes are
 * found by classpath scanning at start-up. Here every action gets a fresh ActionID and a future completed by the
 * response with that id (or, for list actions, by the events up to {@code EventList: Complete}); events go to
 * listeners on the connection's event loop; sending never blocks the calling thread.
 *
 * <p>Lifecycle: connect, read the banner, log in, then resync ({@code CoreShowChannels} and
 * {@code DeviceStateList}) and hand the snapshot to listeners. A lost connection fails every pending action at once,
 * and the client reconnects with exponential backoff and jitter until {@link #close()}. A refused login is logged,
 * without the secret, and retried the same way.
 */
public final class AmiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 512;
    private static final int MAX_LIST_EVENTS = 100_000;

    private final AmiSettings settings;
    private final EventLoopGroup group;
    private final List<AmiListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PendingAction> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> firstLogin = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean connected;
    private volatile boolean closed;
    private boolean everConnected;
    private int attempt;

    /** An action waiting for its response, and for list actions the events gathered so far. */
    private record PendingAction(CompletableFuture<AmiMessage> response, CompletableFuture<List<AmiMessage>> list,
                                 List<AmiMessage> events) {
    }

    public AmiClient(AmiSettings settings, EventLoopGroup group) {
        this.settings = settings;
        this.group = group;
    }

    public void addListener(AmiListener listener) {
        listeners.add(listener);
    }

    /** Starts connecting; the future completes after the first successful login. */
    public CompletableFuture<Void> start() {
        connect();
        return firstLogin;
    }

    public boolean isConnected() {
        return connected;
    }

    /** Sends an action; the future completes with its response, or fails if not connected or after the timeout. */
    public CompletableFuture<AmiMessage> send(AmiAction action) {
        CompletableFuture<AmiMessage> response = new CompletableFuture<>();
        dispatch(action, new PendingAction(response, null, null), response);
        return response;
    }

    /** Sends a list action and collects its events up to {@code EventList: Complete}. */
    public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action) {
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        dispatch(action, new PendingAction(new CompletableFuture<>(), list, new ArrayList<>()), list);
        return list;
    }

    /** Originates a call; {@code Async: true} is always set, so the response comes at once. */
    public CompletableFuture<AmiMessage> originate(OriginateRequest request) {
        return send(request.toAction());
    }

    public CompletableFuture<AmiMessage> redirect(String channelName, String context, String exten, int priority) {
        return send(AmiAction.of("Redirect").with("Channel", channelName).with("Context", context)
                .with("Exten", exten).with("Priority", Integer.toString(priority)));
    }

    public CompletableFuture<AmiMessage> hangup(String channelName) {
        return send(AmiAction.of("Hangup").with("Channel", channelName));
    }

    public CompletableFuture<AmiMessage> bridge(String channel1, String channel2) {
        return send(AmiAction.of("Bridge").with("Channel1", channel1).with("Channel2", channel2).with("Tone", "no"));
    }

    private void dispatch(AmiAction action, PendingAction p, CompletableFuture<?> result) {
        Channel ch = channel;
        if (!connected || ch == null) {
            result.completeExceptionally(new AmiNotConnectedException("manager connection to " + settings.host()
                    + ":" + settings.port() + " is down"));
            return;
        }
        String id = "acd-" + ids.incrementAndGet();
        pending.put(id, p);
        ch.writeAndFlush(Unpooled.copiedBuffer(action.encode(id), StandardCharsets.UTF_8));
        ch.eventLoop().schedule(() -> {
            PendingAction gone = pending.remove(id);
            if (gone != null) {
                TimeoutException t = new TimeoutException(action.name() + " got no response within "
                        + settings.actionTimeout().toMillis() + " ms");
                gone.response().completeExceptionally(t);
                if (gone.list() != null) {
                    gone.list().completeExceptionally(t);
                }
            }
        }, settings.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, true),
                                new AmiMessageDecoder(MAX_HEADERS), new Connection());
                    }
                });
        b.connect(settings.host(), settings.port()).addListener(f -> {
            if (!f.isSuccess()) {
                if (attempt == 0 || attempt % 10 == 0) {
                    LOG.warn("cannot reach the Asterisk manager at {}:{}: {}", settings.host(), settings.port(),
                            f.cause().toString());
                }
                scheduleReconnect(group.next());
            }
        });
    }

    private void scheduleReconnect(EventLoop loop) {
        if (closed) {
            return;
        }
        long min = settings.minBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long delay = Math.min(max, min << Math.min(attempt, 20));
        delay = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        attempt++;
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** The handler of one TCP connection to the manager. */
    private final class Connection extends SimpleChannelInboundHandler<AmiMessage> {
        private String loginId;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, AmiMessage m) {
            if (m.get("Banner") != null) {
                loginId = "acd-login-" + ids.incrementAndGet();
                String login = AmiAction.of("Login").with("Username", settings.username())
                        .with("Secret", settings.secret()).with("Events", "on").encode(loginId);
                ctx.writeAndFlush(Unpooled.copiedBuffer(login, StandardCharsets.UTF_8));
                return;
            }
            String id = m.actionId();
            if (loginId != null && loginId.equals(id)) {
                loginAnswered(ctx, m);
                return;
            }
            PendingAction p = id == null ? null : pending.get(id);
            if (p != null) {
                routeToPending(id, p, m);
                return;
            }
            if (m.isEvent()) {
                for (AmiListener l : listeners) {
                    try {
                        l.onEvent(m);
                    } catch (RuntimeException e) {
                        LOG.error("manager event listener failed on {}", m.eventName(), e);
                    }
                }
            }
        }

        private void loginAnswered(ChannelHandlerContext ctx, AmiMessage m) {
            loginId = null;
            if (!m.isSuccess()) {
                LOG.error("the Asterisk manager at {}:{} refused the login of user '{}': {}", settings.host(),
                        settings.port(), settings.username(), m.get("Message"));
                ctx.close();
                return;
            }
            boolean reconnect = everConnected;
            everConnected = true;
            connected = true;
            attempt = 0;
            LOG.info("{} to the Asterisk manager at {}:{} as {}", reconnect ? "reconnected" : "connected",
                    settings.host(), settings.port(), settings.username());
            for (AmiListener l : listeners) {
                try {
                    l.onConnected(reconnect);
                } catch (RuntimeException e) {
                    LOG.error("manager listener failed on connect", e);
                }
            }
            firstLogin.complete(null);
            resync(reconnect);
        }

        private void routeToPending(String id, PendingAction p, AmiMessage m) {
            if (p.list() == null) {
                if (!m.isEvent()) {
                    pending.remove(id);
                    p.response().complete(m);
                }
                return;
            }
            if (!m.isEvent()) {
                if (!m.isSuccess()) {
                    pending.remove(id);
                    p.list().completeExceptionally(new IllegalStateException("manager refused the list action: "
                            + m.get("Message")));
                }
                return;
            }
            if ("Complete".equalsIgnoreCase(m.get("EventList"))) {
                pending.remove(id);
                p.list().complete(List.copyOf(p.events()));
            } else if (p.events().size() < MAX_LIST_EVENTS) {
                p.events().add(m);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            boolean wasConnected = connected;
            connected = false;
            channel = null;
            AmiNotConnectedException gone = new AmiNotConnectedException("manager connection lost");
            for (String id : List.copyOf(pending.keySet())) {
                PendingAction p = pending.remove(id);
                if (p != null) {
                    p.response().completeExceptionally(gone);
                    if (p.list() != null) {
                        p.list().completeExceptionally(gone);
                    }
                }
            }
            if (wasConnected) {
                LOG.warn("lost the Asterisk manager connection to {}:{}; reconnecting", settings.host(),
                        settings.port());
                for (AmiListener l : listeners) {
                    try {
                        l.onDisconnected(gone);
                    } catch (RuntimeException e) {
                        LOG.error("manager listener failed on disconnect", e);
                    }
                }
            }
            scheduleReconnect(ctx.channel().eventLoop());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("manager connection to {}:{} failed: {}", settings.host(), settings.port(), cause.toString());
            ctx.close();
        }
    }

    private void resync(boolean reconnect) {
        CompletableFuture<List<AmiMessage>> channels = sendForList(AmiAction.of("CoreShowChannels"));
        CompletableFuture<List<AmiMessage>> devices = sendForList(AmiAction.of("DeviceStateList"))
                .exceptionally(e -> List.of());
        channels.exceptionally(e -> List.of()).thenCombine(devices, (ch, dev) -> {
            Map<String, String> states = new LinkedHashMap<>();
            for (AmiMessage d : dev) {
                if (d.get("Device") != null && d.get("State") != null) {
                    states.put(d.get("Device"), d.get("State"));
                }
            }
            AmiResync snapshot = new AmiResync(ch, states, reconnect);
            for (AmiListener l : listeners) {
                try {
                    l.onResync(snapshot);
                } catch (RuntimeException e) {
                    LOG.error("manager listener failed on resync", e);
                }
            }
            return snapshot;
        });
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }
}
