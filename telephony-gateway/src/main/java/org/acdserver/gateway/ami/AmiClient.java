package org.acdserver.gateway.ami;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking Asterisk Manager Interface client on Netty.
 *
 * <p>Why not asterisk-java's {@code ManagerConnection}: there, events and responses share one thread and a queue that
 * drops when full, a blocking {@code sendAction} inside a listener waits forever behind the current event, nothing is
 * resynced after a reconnect, and event classes are found with Reflections at start-up. Here every action gets a fresh
 * ActionID and a future that the response with that id completes; events go straight to listeners on the
 * connection's event loop; sending never blocks the calling thread.
 *
 * <p>Lifecycle: connect, read the banner, {@code Login} with the settings' event mask ({@code Events: on} unless
 * restricted), then resync: {@code CoreShowChannels} and {@code DeviceStateList} are read as lists and handed to
 * {@link AmiListener#onResync}. While logged in, a {@code Ping} goes out every heartbeat interval; a connection that
 * stays silent for the heartbeat timeout with a Ping unanswered is half-open (Asterisk stopped or hung, a network
 * path gone) and is closed like a lost one (see {@link Heartbeat}). A lost connection fails
 * every pending action at once with {@link AmiNotConnectedException}, tells listeners, and the client reconnects with
 * exponential backoff and jitter between {@code minBackoff} and {@code maxBackoff}, until {@link #close()}. A refused
 * login is logged (never the secret) and retried the same way. If the channel list cannot be read after a login the
 * connection is dropped and retried, because a resync without channels would tell listeners every call had ended;
 * if only the device states cannot be read (no {@code res_manager_devicestate}), the resync carries none.
 *
 * <p>Errors: {@link #send} completes normally with a {@code Response: Error} message ({@link AmiMessage#isSuccess()}
 * false), since errors such as hanging up a channel that is already gone are routine; {@link #sendForList} fails
 * with {@link AmiResponseException}, having no list to give. No response within {@code actionTimeout} fails the
 * future with {@link java.util.concurrent.TimeoutException}.
 *
 * <p>Threads: one event loop of the given group carries the connection, the timers and every listener call.
 * Futures complete on that loop, so their non-async continuations run there too and must not block; in particular
 * never {@code join()} a future of this client inside a listener, compose it instead. The group must be a NIO group.
 */
public final class AmiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);
    /** Longest line accepted from Asterisk; a longer one means a broken stream, and the client reconnects. */
    static final int MAX_LINE = 32 * 1024;
    /** Most headers in one message; more means a broken stream. */
    static final int MAX_HEADERS = 1024;

    private final AmiSettings settings;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ReconnectBackoff backoff;
    private final List<AmiListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstLogin = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final SessionEvents sessionEvents = new SessionEvents();
    private volatile AmiSession session;
    /** FullyBooted seen on the current connection (Asterisk sends it at login once booted). */
    private volatile boolean booted;
    private volatile boolean closed;
    // Owned by the loop:
    private AmiSession connecting;
    private ScheduledFuture<?> reconnectTimer;
    private boolean everLoggedIn;
    private boolean deviceListWarned;
    /** The last resync could not read device states; a FullyBooted event triggers another. Loop only. */
    private boolean devicesMissed;
    private int failedConnects;
    // Counters for metrics: written on the loop only, read from any thread.
    private volatile long eventsRead;
    private volatile long heartbeatFailures;
    private volatile long reconnects;

    public AmiClient(AmiSettings settings, EventLoopGroup group) {
        this.settings = settings;
        // One loop for the connection, its timers and the reconnect state: no locks needed.
        this.loop = group.next();
        this.backoff = new ReconnectBackoff(settings.minBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        AmiMessageDecoder.addTo(ch.pipeline(), MAX_LINE, MAX_HEADERS);
                        AmiSession s = new AmiSession(settings, sessionEvents);
                        connecting = s;
                        ch.pipeline().addLast("ami-session", s);
                    }
                });
    }

    public void addListener(AmiListener listener) {
        listeners.add(listener);
    }

    /** Starts connecting; the future completes after the first successful login and fails only on close. */
    public CompletableFuture<Void> start() {
        if (!closed && started.compareAndSet(false, true)) {
            execute(this::connect);
        }
        return firstLogin;
    }

    /** True while logged in. */
    public boolean isConnected() {
        AmiSession s = session;
        return s != null && s.isReady();
    }

    /**
     * True while logged in to an Asterisk that has fully booted, as its FullyBooted event on this connection says.
     * Asterisk takes manager logins while it is still starting, before its dialplan and modules are loaded; an
     * Originate sent then fails for no fault of the agent it rings, so dials wait for this.
     */
    public boolean isBooted() {
        return booted && isConnected();
    }

    /** Events read from Asterisk since the start, list items included: what the manager sends this client. */
    public long eventsRead() {
        return eventsRead;
    }

    /** Connections declared dead because a Ping went unanswered and nothing else was heard. */
    public long heartbeatFailures() {
        return heartbeatFailures;
    }

    /** Successful logins after the first one. */
    public long reconnects() {
        return reconnects;
    }

    /** Sends an action; completes with its response (error responses included), fails if not connected or late. */
    public CompletableFuture<AmiMessage> send(AmiAction action) {
        CompletableFuture<AmiMessage> response = new CompletableFuture<>();
        AmiSession s = session;
        if (s == null || closed) {
            response.completeExceptionally(notConnected(action));
        } else {
            s.send(action, response);
        }
        return response;
    }

    /** Sends a list action and completes with its events up to {@code EventList: Complete}, that one excluded. */
    public CompletableFuture<List<AmiMessage>> sendForList(AmiAction action) {
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        AmiSession s = session;
        if (s == null || closed) {
            list.completeExceptionally(notConnected(action));
        } else {
            s.sendForList(action, list);
        }
        return list;
    }

    /** Originates a call asynchronously: the response comes at once, {@code OriginateResponse} follows. */
    public CompletableFuture<AmiMessage> originate(OriginateRequest request) {
        return send(request.toAction());
    }

    public CompletableFuture<AmiMessage> redirect(String channel, String context, String exten, int priority) {
        return send(AmiAction.of("Redirect").with("Channel", channel).with("Context", context)
                .with("Exten", exten).with("Priority", Integer.toString(priority)));
    }

    public CompletableFuture<AmiMessage> hangup(String channel) {
        return send(AmiAction.of("Hangup").with("Channel", channel));
    }

    /** Bridges two live channels; use full channel names or fixed-length ids, since Asterisk matches by prefix. */
    public CompletableFuture<AmiMessage> bridge(String channel1, String channel2) {
        return send(AmiAction.of("Bridge").with("Channel1", channel1).with("Channel2", channel2).with("Tone", "no"));
    }

    /** Stops reconnecting, logs off and closes; pending actions fail. Does not block. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        firstLogin.completeExceptionally(new AmiNotConnectedException("manager client closed before logging in"));
        execute(() -> {
            if (reconnectTimer != null) {
                reconnectTimer.cancel(false);
            }
            if (connecting != null) {
                connecting.logoff("manager client closed");
            }
        });
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shut down; manager client task dropped");
        }
    }

    private AmiNotConnectedException notConnected(AmiAction action) {
        return new AmiNotConnectedException(action.name() + " not sent: " + (closed ? "the manager client is closed"
                : "not connected to the Asterisk manager at " + settings.host() + ":" + settings.port()));
    }

    private void connect() {
        if (closed) {
            return;
        }
        bootstrap.connect(settings.host(), settings.port()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                // The first failure of an outage is worth a warning; the rest would flood the log.
                int n = failedConnects++;
                if (n % 20 == 0) {
                    LOG.warn("cannot reach the Asterisk manager at {}:{} (attempt {}): {}", settings.host(),
                            settings.port(), n + 1, f.cause().toString());
                } else {
                    LOG.debug("cannot reach the Asterisk manager at {}:{}: {}", settings.host(), settings.port(),
                            f.cause().toString());
                }
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.debug("reconnecting to the Asterisk manager at {}:{} in {} ms", settings.host(), settings.port(), delay);
        reconnectTimer = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void each(String what, Consumer<AmiListener> call) {
        for (AmiListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.error("manager listener {} failed on {}", l.getClass().getName(), what, e);
            }
        }
    }

    private void resync(AmiSession s, boolean reconnect) {
        CompletableFuture<List<AmiMessage>> channels = new CompletableFuture<>();
        CompletableFuture<List<AmiMessage>> devices = new CompletableFuture<>();
        s.sendForList(AmiAction.of("CoreShowChannels"), channels);
        s.sendForList(AmiAction.of("DeviceStateList"), devices);
        CompletableFuture<Map<String, String>> states = devices.handle((list, err) -> {
            devicesMissed = err != null;
            if (err == null) {
                return deviceStates(list);
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!deviceListWarned && s.isReady()) {
                deviceListWarned = true;
                LOG.warn("device states not available from the Asterisk manager at {}:{} ({}); resyncing channels only",
                        settings.host(), settings.port(), cause.getMessage());
            }
            return Map.of();
        });
        channels.whenComplete((list, err) -> {
            if (err != null) {
                if (s.isReady()) {
                    LOG.error("cannot read the live channels from the Asterisk manager at {}:{} after login ({});"
                            + " reconnecting", settings.host(), settings.port(), err.getMessage());
                    s.abort(err);
                }
                return;
            }
            states.thenAccept(st -> {
                if (session == s && s.isReady()) {
                    AmiResync snapshot = new AmiResync(list, st, reconnect);
                    LOG.info("manager resync: {} channels, {} device states", list.size(), st.size());
                    each("resync", l -> l.onResync(snapshot));
                }
            });
        });
    }

    private static Map<String, String> deviceStates(List<AmiMessage> list) {
        Map<String, String> states = new LinkedHashMap<>();
        for (AmiMessage d : list) {
            String device = d.get("Device");
            String state = d.get("State");
            if (device != null && state != null) {
                states.put(device, state);
            }
        }
        return states;
    }

    /** The client's side of its sessions; all on the loop. */
    private final class SessionEvents implements AmiSession.Owner {

        @Override
        public void loggedIn(AmiSession s) {
            if (closed) {
                s.logoff("manager client closed");
                return;
            }
            boolean reconnect = everLoggedIn;
            everLoggedIn = true;
            if (reconnect) {
                reconnects++;
            }
            backoff.reset();
            failedConnects = 0;
            session = s;
            LOG.info("{} to the Asterisk manager at {}:{} as {}", reconnect ? "reconnected" : "connected",
                    settings.host(), settings.port(), settings.username());
            each("connect", l -> l.onConnected(reconnect));
            firstLogin.complete(null);
            resync(s, reconnect);
        }

        @Override
        public void eventRead() {
            eventsRead++;
        }

        @Override
        public void silent(AmiSession s) {
            heartbeatFailures++;
        }

        @Override
        public void event(AmiMessage event) {
            if ("FullyBooted".equals(event.eventName())) {
                booted = true;
            }
            each(event.eventName(), l -> l.onEvent(event));
            AmiSession s = session;
            if (devicesMissed && s != null && "FullyBooted".equals(event.eventName())) {
                // A login during Asterisk's start can come before res_manager_devicestate is loaded; once Asterisk
                // has fully booted the device states can be read, so resync again rather than stay without them.
                devicesMissed = false;
                LOG.info("the Asterisk manager at {}:{} has fully booted; resyncing device states", settings.host(),
                        settings.port());
                resync(s, true);
            }
        }

        @Override
        public void closed(AmiSession s, boolean wasLoggedIn, Throwable cause) {
            if (connecting == s) {
                connecting = null;
            }
            if (session == s) {
                session = null;
                // The next connection may reach an Asterisk that is starting again.
                booted = false;
            }
            if (wasLoggedIn) {
                if (!closed) {
                    LOG.warn("lost the Asterisk manager connection to {}:{} ({}); reconnecting", settings.host(),
                            settings.port(), cause.getMessage());
                }
                each("disconnect", l -> l.onDisconnected(cause));
            }
            scheduleReconnect();
        }
    }
}
