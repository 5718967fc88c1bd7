package org.acdserver.gateway.ami;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches one logged-in manager connection for silence, with a {@code Ping} every interval.
 *
 * <p>Why: a TCP connection whose peer has vanished (Asterisk stopped or hung, a NAT entry or a firewall state
 * dropped, a cable pulled) stays open on our side for many minutes. Reads simply see nothing, and writes succeed into
 * the socket buffer until it fills. Without a question that must be answered, the server would go on believing in a
 * link that delivers no event, and calls would wait for answers that never come.
 *
 * <p>The rule: the link is dead when a {@code Ping} got no answer within the timeout <em>and</em> nothing else was
 * read from the connection in that time. Anything read counts as a sign of life, because Asterisk answers actions and
 * writes events from the same session thread: a connection that still delivers events is alive even when a burst of
 * them delays the Pong. When a Ping times out but something was heard, the next Ping goes out at once. So from the
 * moment a link falls silent it is declared dead within {@code max(interval + timeout, 2 * timeout)}.
 *
 * <p>Threads: every method runs on the connection's event loop, which owns all fields.
 */
final class Heartbeat {

    /** What the heartbeat needs from its connection. */
    interface Link {
        /** Sends a Ping that fails with {@link TimeoutException} when unanswered after {@code timeoutMillis}. */
        CompletableFuture<AmiMessage> ping(long timeoutMillis);

        /** Nothing was heard for {@code timeoutMillis} with a Ping unanswered: the link is dead. */
        void silent(long timeoutMillis);
    }

    private final long intervalMillis;
    private final long timeoutMillis;
    private final Link link;
    private ScheduledFuture<?> ticker;
    private boolean pinging;
    private boolean heard;
    private boolean stopped;

    Heartbeat(long intervalMillis, long timeoutMillis, Link link) {
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        this.link = link;
    }

    /** Starts pinging; called once the login is accepted. */
    void start(EventExecutor loop) {
        if (stopped || ticker != null) {
            return;
        }
        ticker = loop.scheduleAtFixedRate(this::beat, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Something was read from the connection. */
    void heard() {
        heard = true;
    }

    /** The connection is closing or closed: no more Pings. */
    void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    private void beat() {
        if (stopped || pinging) {
            return;
        }
        pinging = true;
        heard = false;
        link.ping(timeoutMillis).whenComplete((pong, failure) -> {
            pinging = false;
            if (stopped || !(unwrap(failure) instanceof TimeoutException)) {
                // Answered, or failed because the connection is already going: nothing to decide.
                return;
            }
            if (heard) {
                beat();
            } else {
                stop();
                link.silent(timeoutMillis);
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
