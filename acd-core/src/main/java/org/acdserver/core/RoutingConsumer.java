package org.acdserver.core;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing thread's side of the {@link RoutingCore}'s ring: applies each event to the engine, which it alone
 * calls, and answers the questions that travel with the events. An event that throws is logged with its call id and
 * the port is told, so that the call can go to its fallback; the next event is applied as usual.
 */
final class RoutingConsumer implements EventHandler<RoutingEvent> {

    // The core's logger: a failing event is the core's to report, wherever the code sits.
    private static final Logger LOG = LoggerFactory.getLogger(RoutingCore.class);

    private final RoutingEngine engine;
    private final RoutingPort port;

    RoutingConsumer(RoutingEngine engine, RoutingPort port) {
        this.engine = engine;
        this.port = port;
    }

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
        engine.applying(e.publishedNanos);
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
            case AGENT_READY -> engine.agentReady(e.agentId, e.cause, now);
            case AGENT_NOT_READY -> engine.agentNotReady(e.agentId, e.reason, e.cause, now);
            case AGENT_LOGGED_OUT -> engine.agentLoggedOut(e.agentId, e.cause, now);
            case DEVICE_AVAILABILITY -> engine.deviceAvailability(e.agentId, e.available, e.cause, now);
            case AGENT_HOLD -> engine.agentHold(e.agentId, e.available, e.cause, now);
            case QUEUE_STATUS -> e.reply.complete(engine.queueStatus());
            case TICK -> engine.tick(now);
            case CONFIGURE -> engine.configure(e.configuration, now);
            case SNAPSHOT -> e.reply.complete(engine.snapshot());
            case CALL_HELD -> engine.callHeld(e.callId, now);
            case CALL_RESUMED -> engine.callResumed(e.callId, now);
            case CALL_RESTORED -> {
                if (!engine.callRestored(e.place, e.atMillis, now)) {
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
            case DECISIONS -> e.reply.complete(engine.decisions(e.callId));
            case TRANSFER_RESERVED -> e.reply.complete(engine.transfers().reserve(e.callId, e.agentId, now));
            case CALL_TRANSFERRED -> {
                if (!engine.transfers().offer(e.callId, e.queue, e.priority, e.skills, e.agentId, now)
                        && !engine.callQueued(e.callId, e.queue, e.priority, e.skills, now)) {
                    throw new IllegalArgumentException("call " + e.callId + " cannot join queue " + e.queue);
                }
            }
            case TRANSFER_CANCELLED -> engine.transfers().cancel(e.callId, e.agentId, now);
            case AGENT_ACTIVITIES -> e.reply.complete(engine.transfers().activities());
        }
    }

    /** Logs a failing event with its call id and tells the port, then lets the consumer move past it. */
    record FailedEvent(RoutingPort port) implements ExceptionHandler<RoutingEvent> {
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
