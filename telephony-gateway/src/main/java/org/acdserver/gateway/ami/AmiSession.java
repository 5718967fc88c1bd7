package org.acdserver.gateway.ami;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a manager, from banner to close: it logs in, gives every action a fresh ActionID and completes
 * the action's future with the response carrying that id (or, for a list action, with the events up to
 * {@code EventList: Complete}), and passes every other event to its {@link Owner}.
 *
 * <p>Once logged in, a {@link Heartbeat} pings the manager; a connection that stays silent with a Ping unanswered is
 * closed, so that the client reconnects instead of trusting a half-open link.
 *
 * <p>All state belongs to the channel's event loop: actions sent from other threads are handed over with
 * {@code execute}, so the pending map needs no lock. Futures complete on the event loop.
 */
final class AmiSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AmiSession.class);

    /** What a session reports to its client, on the event loop. */
    interface Owner {
        /** The login was accepted: actions may be sent. */
        void loggedIn(AmiSession session);

        /** An event that answers no pending list action. */
        void event(AmiMessage event);

        /** The connection is gone; {@code wasLoggedIn} tells a lost session from a failed attempt. */
        void closed(AmiSession session, boolean wasLoggedIn, Throwable cause);

        /** An event was read, whether it answers a list action or not. */
        default void eventRead() {
        }

        /** The heartbeat found the logged-in connection silent; it is being closed. */
        default void silent(AmiSession session) {
        }
    }

    private enum State { AWAITING_BANNER, LOGGING_IN, READY, CLOSING, CLOSED }

    private final AmiSettings settings;
    private final Owner owner;
    private final long actionTimeoutMillis;
    private final Heartbeat heartbeat;
    private final Map<String, Pending> pending = new HashMap<>();
    // Set on the loop before the client publishes this session through a volatile field.
    private ChannelHandlerContext ctx;
    private volatile State state = State.AWAITING_BANNER;
    private long nextId;
    private boolean loggedIn;
    private ScheduledFuture<?> bannerTimer;
    private Throwable closeCause;
    /** Set at a protocol violation: whatever follows on this connection is not trusted. */
    private boolean broken;

    AmiSession(AmiSettings settings, Owner owner) {
        this.settings = settings;
        this.owner = owner;
        this.actionTimeoutMillis = settings.actionTimeout().toMillis();
        this.heartbeat = new Heartbeat(settings.heartbeatInterval().toMillis(),
                settings.heartbeatTimeout().toMillis(), new HeartbeatLink());
    }

    /** True once logged in, until the connection starts to close. */
    boolean isReady() {
        return state == State.READY;
    }

    /** Sends an action and completes {@code response} with its response; callable from any thread. */
    void send(AmiAction action, CompletableFuture<AmiMessage> response) {
        submit(action, new Single(action.name(), response, actionTimeoutMillis));
    }

    /** Sends a list action and completes {@code list} with its events; callable from any thread. */
    void sendForList(AmiAction action, CompletableFuture<List<AmiMessage>> list) {
        submit(action, new ListCollector(action.name(), list, actionTimeoutMillis));
    }

    /**
     * Logs off and closes; pending actions fail with {@code reason}. Callable from any thread. The close waits for
     * Asterisk's Goodbye (at most the action timeout): closing with answers still unread would reset the connection,
     * and Asterisk might never see the Logoff.
     */
    void logoff(String reason) {
        runOnLoop(() -> {
            if (state == State.CLOSED || ctx == null) {
                return;
            }
            closeCause = new AmiNotConnectedException(reason);
            if (state == State.READY) {
                CompletableFuture<AmiMessage> goodbye = new CompletableFuture<>();
                goodbye.whenComplete((m, e) -> ctx.close());
                write(AmiAction.of("Logoff"), new Single("Logoff", goodbye, actionTimeoutMillis));
                state = State.CLOSING;
            } else {
                state = State.CLOSING;
                ctx.close();
            }
        }, () -> { });
    }

    /** Closes the connection, so that the client reconnects. */
    void abort(Throwable cause) {
        runOnLoop(() -> {
            if (closeCause == null) {
                closeCause = cause;
            }
            if (ctx != null) {
                ctx.close();
            }
        }, () -> { });
    }

    private void submit(AmiAction action, Pending p) {
        runOnLoop(() -> write(action, p),
                () -> p.fail(new AmiNotConnectedException(action.name() + " not sent: the event loop is shut down")));
    }

    private void runOnLoop(Runnable task, Runnable rejected) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            rejected.run();
            return;
        }
        if (c.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            c.executor().execute(task);
        } catch (RejectedExecutionException e) {
            rejected.run();
        }
    }

    private void write(AmiAction action, Pending p) {
        if (state != State.READY && !(state == State.LOGGING_IN && "Login".equals(action.name()))) {
            String why = state == State.CLOSED ? "closed" : "not ready";
            p.fail(new AmiNotConnectedException(action.name() + " not sent: the manager connection to "
                    + settings.host() + ":" + settings.port() + " is " + why));
            return;
        }
        String id = newId();
        pending.put(id, p);
        p.timer = ctx.executor().schedule(() -> timedOut(id), p.timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), action.encode(id))).addListener(f -> {
            if (!f.isSuccess()) {
                Pending gone = remove(id);
                if (gone != null) {
                    gone.fail(new AmiNotConnectedException(action.name() + " not sent: " + f.cause()));
                }
            }
        });
    }

    private String newId() {
        return "acd-" + Long.toString(++nextId, 36);
    }

    private void timedOut(String id) {
        Pending p = pending.remove(id);
        if (p != null) {
            String what = p instanceof ListCollector ? "complete list" : "response";
            p.fail(new TimeoutException(p.action + " got no " + what + " from " + settings.host() + ":"
                    + settings.port() + " within " + p.timeoutMillis + " ms"));
        }
    }

    private Pending remove(String id) {
        Pending p = pending.remove(id);
        if (p != null && p.timer != null) {
            p.timer.cancel(false);
        }
        return p;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A peer that accepts but never greets (or a wrong port) must not hold the client forever.
        bannerTimer = ctx.executor().schedule(() -> {
            if (state == State.AWAITING_BANNER) {
                LOG.warn("no manager banner from {}:{} within {} ms; closing", settings.host(), settings.port(),
                        actionTimeoutMillis);
                abort(new TimeoutException("no manager banner"));
            }
        }, actionTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (broken) {
                // The line splitter reports an oversized line and carries on; the rest of that message is junk.
                return;
            }
            if (msg instanceof AmiMessageDecoder.Banner banner) {
                banner(banner);
            } else if (msg instanceof AmiMessage m) {
                message(m);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void banner(AmiMessageDecoder.Banner banner) {
        if (state != State.AWAITING_BANNER) {
            return;
        }
        bannerTimer.cancel(false);
        LOG.debug("manager at {}:{} speaks {}", settings.host(), settings.port(), banner.line());
        state = State.LOGGING_IN;
        CompletableFuture<AmiMessage> answer = new CompletableFuture<>();
        answer.whenComplete(this::loginAnswered);
        write(AmiAction.of("Login").with("Username", settings.username()).with("Secret", settings.secret())
                .with("Events", settings.events()), new Single("Login", answer, actionTimeoutMillis));
    }

    private void loginAnswered(AmiMessage m, Throwable failure) {
        if (state != State.LOGGING_IN) {
            return;
        }
        if (failure != null) {
            // The failure names the action and the address, never the credentials.
            LOG.warn("login to the Asterisk manager at {}:{} failed: {}", settings.host(), settings.port(),
                    failure.getMessage());
            abort(failure);
            return;
        }
        if (!m.isSuccess()) {
            LOG.error("authentication failed: the Asterisk manager at {}:{} refused the login of user '{}': {}",
                    settings.host(), settings.port(), settings.username(), m.message());
            abort(new AmiNotConnectedException("login refused: " + m.message()));
            return;
        }
        state = State.READY;
        loggedIn = true;
        heartbeat.start(ctx.executor());
        owner.loggedIn(this);
    }

    private void message(AmiMessage m) {
        heartbeat.heard();
        String id = m.actionId();
        Pending p = id == null ? null : pending.get(id);
        if (m.isEvent()) {
            owner.eventRead();
            if (p instanceof ListCollector list) {
                if (list.event(m)) {
                    remove(id);
                }
                return;
            }
            if ("Shutdown".equalsIgnoreCase(m.eventName())) {
                LOG.info("the Asterisk manager at {}:{} is shutting down (restart: {})", settings.host(),
                        settings.port(), m.get("Restart"));
            }
            if (state == State.READY || state == State.CLOSING) {
                owner.event(m);
            }
            return;
        }
        if ("Goodbye".equalsIgnoreCase(m.get("Response")) && state == State.READY) {
            // Not asked for by us: Asterisk is ending the session; new actions fail at once from here on.
            LOG.info("the Asterisk manager at {}:{} said goodbye: {}", settings.host(), settings.port(), m.message());
            state = State.CLOSING;
        }
        if (p == null) {
            LOG.debug("manager response for no pending action: {}", m);
            return;
        }
        if (p.response(m)) {
            remove(id);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            LOG.warn("protocol violation from the manager at {}:{}: {}; closing the connection to start afresh",
                    settings.host(), settings.port(), cause.getMessage());
        } else {
            LOG.warn("manager connection to {}:{} failed: {}", settings.host(), settings.port(), cause.toString());
        }
        if (closeCause == null) {
            closeCause = cause;
        }
        broken = true;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean wasReady = loggedIn;
        state = State.CLOSED;
        heartbeat.stop();
        if (bannerTimer != null) {
            bannerTimer.cancel(false);
        }
        String why = closeCause instanceof AmiNotConnectedException ? closeCause.getMessage()
                : "manager connection to " + settings.host() + ":" + settings.port() + " lost";
        AmiNotConnectedException gone = new AmiNotConnectedException(why);
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : failed) {
            if (p.timer != null) {
                p.timer.cancel(false);
            }
            p.fail(gone);
        }
        owner.closed(this, wasReady, closeCause == null ? gone : closeCause);
        ctx.fireChannelInactive();
    }

    /** The heartbeat's view of this connection; called on the loop. */
    private final class HeartbeatLink implements Heartbeat.Link {

        @Override
        public CompletableFuture<AmiMessage> ping(long timeoutMillis) {
            CompletableFuture<AmiMessage> pong = new CompletableFuture<>();
            write(AmiAction.of("Ping"), new Single("Ping", pong, timeoutMillis));
            return pong;
        }

        @Override
        public void silent(long timeoutMillis) {
            owner.silent(AmiSession.this);
            abort(new AmiNotConnectedException("no answer to a Ping from the Asterisk manager at " + settings.host()
                    + ":" + settings.port() + " within " + timeoutMillis + " ms and nothing else heard: the"
                    + " connection is half-open or Asterisk is stalled"));
        }
    }

    /** An action waiting for its answer. */
    private abstract static sealed class Pending permits Single, ListCollector {
        final String action;
        final long timeoutMillis;
        ScheduledFuture<?> timer;

        Pending(String action, long timeoutMillis) {
            this.action = action;
            this.timeoutMillis = timeoutMillis;
        }

        /** Takes the response; true when the action is done. */
        abstract boolean response(AmiMessage m);

        abstract void fail(Throwable t);
    }

    /** An ordinary action: done with its response, success or error alike. */
    private static final class Single extends Pending {
        private final CompletableFuture<AmiMessage> future;

        Single(String action, CompletableFuture<AmiMessage> future, long timeoutMillis) {
            super(action, timeoutMillis);
            this.future = future;
        }

        @Override
        boolean response(AmiMessage m) {
            future.complete(m);
            return true;
        }

        @Override
        void fail(Throwable t) {
            future.completeExceptionally(t);
        }
    }

    /** A list action: a success response opens the list, events fill it, {@code EventList: Complete} ends it. */
    private static final class ListCollector extends Pending {
        private final CompletableFuture<List<AmiMessage>> future;
        private final List<AmiMessage> items = new ArrayList<>();

        ListCollector(String action, CompletableFuture<List<AmiMessage>> future, long timeoutMillis) {
            super(action, timeoutMillis);
            this.future = future;
        }

        @Override
        boolean response(AmiMessage m) {
            if (m.isSuccess()) {
                return false;
            }
            future.completeExceptionally(new AmiResponseException(action, m));
            return true;
        }

        /** Takes an event of the list; true at the closing event. */
        boolean event(AmiMessage m) {
            if ("Complete".equalsIgnoreCase(m.get("EventList"))) {
                future.complete(List.copyOf(items));
                return true;
            }
            items.add(m);
            return false;
        }

        @Override
        void fail(Throwable t) {
            future.completeExceptionally(t);
        }
    }
}
