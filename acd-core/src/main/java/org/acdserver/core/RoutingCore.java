package org.acdserver.core;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing core: a {@link RoutingEngine} owned by the single consumer thread of an LMAX Disruptor.
 *
 * <p>Any thread may publish events (gateway event loops, the AMI client, timers); they are stamped with the injected
 * clock and handed over through the ring buffer, so the engine never takes a lock. Commands leave through the
 * {@link RoutingPort} on the routing thread. An event that throws is logged with its call id, the port is told so the
 * call can go to its fallback, and the consumer carries on with the next event.
 */
public final class RoutingCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingCore.class);

    private final Disruptor<RoutingEvent> disruptor;
    private final RingBuffer<RoutingEvent> ring;
    private final LongSupplier clock;

    /**
     * @param configuration initial queues and agents
     * @param port          where decisions go; called on the routing thread
     * @param clock         milliseconds since the epoch; the only time source of the core
     * @param bufferSize    ring size, a power of two
     * @param waitStrategy  how the routing thread waits for events; blocking suits small machines
     */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock, int bufferSize,
                       WaitStrategy waitStrategy) {
        this.clock = clock;
        RoutingEngine engine = new RoutingEngine(configuration, port, clock.getAsLong());
        this.disruptor = new Disruptor<>(RoutingEvent::new, bufferSize, DaemonThreadFactory.INSTANCE,
                ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith(new Consumer(engine, port));
        disruptor.setDefaultExceptionHandler(new FailedEvent(port));
        this.ring = disruptor.start();
    }

    /** A core with a 64k ring and a blocking wait strategy. */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock) {
        this(configuration, port, clock, 1 << 16, new BlockingWaitStrategy());
    }

    public void callQueued(String callId, String queue, int priority) {
        callQueued(callId, queue, priority, Map.of());
    }

    /** A call joins a queue needing these skills (skill to minimum proficiency) on top of the queue's. */
    public void callQueued(String callId, String queue, int priority, Map<String, Integer> skills) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.CALL_QUEUED);
            e.callId = callId;
            e.queue = queue;
            e.priority = priority;
            e.skills = skills;
        } finally {
            ring.publish(seq);
        }
    }

    public void callerHungUp(String callId) {
        publishCall(RoutingEvent.Type.CALLER_HUNG_UP, callId, null);
    }

    public void offerAnswered(String callId, String agentId) {
        publishCall(RoutingEvent.Type.OFFER_ANSWERED, callId, agentId);
    }

    public void offerFailed(String callId, String agentId, OfferFailure failure) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.OFFER_FAILED);
            e.callId = callId;
            e.agentId = agentId;
            e.failure = failure;
        } finally {
            ring.publish(seq);
        }
    }

    public void callEnded(String callId) {
        publishCall(RoutingEvent.Type.CALL_ENDED, callId, null);
    }

    public void agentReady(String agentId) {
        publishCall(RoutingEvent.Type.AGENT_READY, null, agentId);
    }

    /** The agent signed out (ignored while the agent holds a call). */
    public void agentLoggedOut(String agentId) {
        publishCall(RoutingEvent.Type.AGENT_LOGGED_OUT, null, agentId);
    }

    public void agentNotReady(String agentId, String reason) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.AGENT_NOT_READY);
            e.agentId = agentId;
            e.reason = reason;
        } finally {
            ring.publish(seq);
        }
    }

    public void deviceAvailability(String agentId, boolean available) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.DEVICE_AVAILABILITY);
            e.agentId = agentId;
            e.available = available;
        } finally {
            ring.publish(seq);
        }
    }

    /** Lets time-based state (not-ready pauses) advance; the gateway calls it a few times a second. */
    public void tick() {
        publishCall(RoutingEvent.Type.TICK, null, null);
    }

    /** Replaces queues and agents without losing waiting calls or agent states. */
    public void configure(RoutingConfiguration configuration) {
        long seq = ring.next();
        try {
            slot(seq, RoutingEvent.Type.CONFIGURE).configuration = configuration;
        } finally {
            ring.publish(seq);
        }
    }

    /** The caller is asked about a callback: the call leaves the line for now, keeping its place. */
    public void callHeld(String callId) {
        publishCall(RoutingEvent.Type.CALL_HELD, callId, null);
    }

    /** The caller did not take a callback: the held call goes back to its place. */
    public void callResumed(String callId) {
        publishCall(RoutingEvent.Type.CALL_RESUMED, callId, null);
    }

    /**
     * A standby that took over routing puts a waiting call back at its stored place, held until its caller returns
     * (see {@link RoutingEngine#callRestored}). Restore calls in their old order, before new calls arrive.
     */
    public void callRestored(CallPlace place) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.CALL_RESTORED);
            e.callId = place.callId();
            e.place = place;
        } finally {
            ring.publish(seq);
        }
    }

    /**
     * A callback joins its line as a virtual caller (taking over its held original call's place, if any).
     * Completes with false if the queue is unknown or the id is in use.
     */
    public CompletableFuture<Boolean> callbackQueued(CallbackRequest request) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.CALLBACK_QUEUED);
            e.callId = request.callbackId();
            e.callback = request;
            e.reply = reply;
        } finally {
            ring.publish(seq);
        }
        return reply.thenApply(Boolean.class::cast);
    }

    /** The customer could not be reached: the agent is freed; retry at {@code retryAtMillis}, or 0 for never. */
    public void callbackAttemptFailed(String callbackId, String agentId, long retryAtMillis) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.CALLBACK_ATTEMPT_FAILED);
            e.callId = callbackId;
            e.agentId = agentId;
            e.atMillis = retryAtMillis;
        } finally {
            ring.publish(seq);
        }
    }

    /**
     * The callback's dial could not start through no fault of the agent (database or manager away): the agent is
     * ready again, and the callback keeps its place and waits until {@code notBeforeMillis} to be offered again.
     */
    public void callbackDeferred(String callbackId, String agentId, long notBeforeMillis) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.CALLBACK_DEFERRED);
            e.callId = callbackId;
            e.agentId = agentId;
            e.atMillis = notBeforeMillis;
        } finally {
            ring.publish(seq);
        }
    }

    /** Moves a pending callback to a new time (0: as soon as possible); false if it is being dialed or unknown. */
    public CompletableFuture<Boolean> callbackRescheduled(String callbackId, long notBeforeMillis) {
        return ask(RoutingEvent.Type.CALLBACK_RESCHEDULED, callbackId, notBeforeMillis);
    }

    /** Cancels a pending callback; false if it is being dialed or unknown. */
    public CompletableFuture<Boolean> callbackCancelled(String callbackId) {
        return ask(RoutingEvent.Type.CALLBACK_CANCELLED, callbackId, 0);
    }

    private CompletableFuture<Boolean> ask(RoutingEvent.Type type, String callId, long atMillis) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, type);
            e.callId = callId;
            e.atMillis = atMillis;
            e.reply = reply;
        } finally {
            ring.publish(seq);
        }
        return reply.thenApply(Boolean.class::cast);
    }

    /** The call's position and expected wait, or null if it is not waiting (see {@link RoutingEngine#estimate}). */
    public CompletableFuture<WaitEstimate> estimate(String callId) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, RoutingEvent.Type.ESTIMATE);
            e.callId = callId;
            e.reply = reply;
        } finally {
            ring.publish(seq);
        }
        return reply.thenApply(WaitEstimate.class::cast);
    }

    /** A consistent picture of the state, taken on the routing thread between two events. */
    public CompletableFuture<RoutingSnapshot> snapshot() {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        long seq = ring.next();
        try {
            slot(seq, RoutingEvent.Type.SNAPSHOT).reply = reply;
        } finally {
            ring.publish(seq);
        }
        return reply.thenApply(RoutingSnapshot.class::cast);
    }

    @Override
    public void close() {
        disruptor.shutdown();
    }

    private void publishCall(RoutingEvent.Type type, String callId, String agentId) {
        long seq = ring.next();
        try {
            RoutingEvent e = slot(seq, type);
            e.callId = callId;
            e.agentId = agentId;
        } finally {
            ring.publish(seq);
        }
    }

    /** Claims-and-fills without a capturing lambda: publishing allocates nothing. */
    private RoutingEvent slot(long seq, RoutingEvent.Type type) {
        RoutingEvent e = ring.get(seq);
        e.type = type;
        e.timeMillis = clock.getAsLong();
        return e;
    }

    /** The routing thread: applies each event to the engine. */
    private record Consumer(RoutingEngine engine, RoutingPort port) implements EventHandler<RoutingEvent> {
        @Override
        public void onEvent(RoutingEvent e, long sequence, boolean endOfBatch) {
            try {
                apply(e);
            } catch (RuntimeException failure) {
                // Handled here rather than by the Disruptor so the slot still holds the call id.
                new FailedEvent(port).handleEventException(failure, sequence, e);
                if (e.reply != null) {
                    e.reply.completeExceptionally(failure);
                }
            } finally {
                e.clear();
            }
        }

        private void apply(RoutingEvent e) {
            long now = e.timeMillis;
            switch (e.type) {
                case CALL_QUEUED -> {
                    if (!engine.callQueued(e.callId, e.queue, e.priority, e.skills, now)) {
                        throw new IllegalArgumentException("call " + e.callId + " cannot join queue " + e.queue);
                    }
                }
                case CALLER_HUNG_UP -> engine.callerHungUp(e.callId, now);
                case OFFER_ANSWERED -> engine.offerAnswered(e.callId, e.agentId, now);
                case OFFER_FAILED -> engine.offerFailed(e.callId, e.agentId, e.failure, now);
                case CALL_ENDED -> engine.callEnded(e.callId, now);
                case AGENT_READY -> engine.agentReady(e.agentId, now);
                case AGENT_NOT_READY -> engine.agentNotReady(e.agentId, e.reason, now);
                case AGENT_LOGGED_OUT -> engine.agentLoggedOut(e.agentId, now);
                case DEVICE_AVAILABILITY -> engine.deviceAvailability(e.agentId, e.available, now);
                case TICK -> engine.tick(now);
                case CONFIGURE -> engine.configure(e.configuration, now);
                case SNAPSHOT -> e.reply.complete(engine.snapshot());
                case CALL_HELD -> engine.callHeld(e.callId, now);
                case CALL_RESUMED -> engine.callResumed(e.callId, now);
                case CALL_RESTORED -> {
                    if (!engine.callRestored(e.place, now)) {
                        LOG.warn("call {} cannot be restored to queue {}: the queue is not configured, or the call"
                                + " is known already", e.callId, e.place.queue());
                    }
                }
                case CALLBACK_QUEUED -> e.reply.complete(engine.callbackQueued(e.callback, now));
                case CALLBACK_ATTEMPT_FAILED -> engine.callbackAttemptFailed(e.callId, e.agentId, e.atMillis, now);
                case CALLBACK_DEFERRED -> engine.callbackDeferred(e.callId, e.agentId, e.atMillis, now);
                case CALLBACK_RESCHEDULED -> e.reply.complete(engine.callbackRescheduled(e.callId, e.atMillis, now));
                case CALLBACK_CANCELLED -> e.reply.complete(engine.callbackCancelled(e.callId, now));
                case ESTIMATE -> e.reply.complete(engine.estimate(e.callId));
            }
        }
    }

    /** Logs a failing event with its call id and tells the port, then lets the consumer move past it. */
    private record FailedEvent(RoutingPort port) implements ExceptionHandler<RoutingEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, RoutingEvent event) {
            String callId = event == null ? null : event.callId;
            LOG.error("routing event {} for call {} failed; the call goes to its fallback",
                    event == null ? "?" : event.type, callId, ex);
            if (callId != null) {
                try {
                    port.routingFailed(callId, ex);
                } catch (RuntimeException portFailure) {
                    LOG.error("fallback for call {} failed", callId, portFailure);
                }
            }
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("routing core failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("routing core failed to shut down", ex);
        }
    }
}
