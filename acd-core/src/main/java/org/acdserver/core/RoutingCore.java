package org.acdserver.core;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.EventTranslatorThreeArg;
import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The routing core: a {@link RoutingEngine} owned by the single consumer thread of an LMAX Disruptor.
 *
 * <p>Any thread may publish events (gateway event loops, the AMI client, timers); they are stamped with the injected
 * clock and handed over through the ring buffer, so the engine never takes a lock. Commands leave through the
 * {@link RoutingPort} on the routing thread. An event that throws is logged with its call id, the port is told so the
 * call can go to its fallback, and the consumer carries on with the next event; the routing thread's side is
 * {@link RoutingConsumer}.
 */
public final class RoutingCore implements AutoCloseable {

    /** The routing thread's name. */
    public static final String THREAD_NAME = "acd-routing";

    private final Disruptor<RoutingEvent> disruptor;
    private final RingBuffer<RoutingEvent> ring;
    private final LongSupplier clock;

    // Publishing: each event is written into a claimed slot by a translator built once per core, so publishing
    // allocates nothing (no capturing lambda per event).
    private final EventTranslatorThreeArg<RoutingEvent, RoutingEvent.Type, String, String> callAndAgent =
            (e, seq, type, callId, agentId) -> {
                stamp(e, type);
                e.callId = callId;
                e.agentId = agentId;
            };
    private final EventTranslatorThreeArg<RoutingEvent, String, String, OfferFailure> offerFailed =
            (e, seq, callId, agentId, failure) -> {
                stamp(e, RoutingEvent.Type.OFFER_FAILED);
                e.callId = callId;
                e.agentId = agentId;
                e.failure = failure;
            };
    private final EventTranslatorOneArg<RoutingEvent, RoutingConfiguration> configure = (e, seq, configuration) ->
            stamp(e, RoutingEvent.Type.CONFIGURE).configuration = configuration;
    /** A failed callback dial: rare, so boxing its retry time is fine. */
    private final EventTranslatorThreeArg<RoutingEvent, String, String, Long> attemptFailed =
            (e, seq, callbackId, agentId, retryAt) -> {
                stamp(e, RoutingEvent.Type.CALLBACK_ATTEMPT_FAILED);
                e.callId = callbackId;
                e.agentId = agentId;
                e.atMillis = retryAt;
            };
    private final EventTranslatorTwoArg<RoutingEvent, CallbackRequest, CompletableFuture<Object>> callbackQueued =
            (e, seq, request, reply) -> {
                stamp(e, RoutingEvent.Type.CALLBACK_QUEUED);
                e.callId = request.callbackId();
                e.callback = request;
                e.reply = reply;
            };
    private final EventTranslatorThreeArg<RoutingEvent, String, Long, CompletableFuture<Object>> rescheduled =
            (e, seq, callbackId, notBefore, reply) -> {
                stamp(e, RoutingEvent.Type.CALLBACK_RESCHEDULED);
                e.callId = callbackId;
                e.atMillis = notBefore;
                e.reply = reply;
            };
    /** Questions answered on the routing thread: estimates, decisions, snapshots, cancellations. */
    private final EventTranslatorThreeArg<RoutingEvent, RoutingEvent.Type, String, CompletableFuture<Object>>
            question = (e, seq, type, callId, reply) -> {
                stamp(e, type);
                e.callId = callId;
                e.reply = reply;
            };

    /**
     * @param configuration initial queues and agents
     * @param port          where decisions go; called on the routing thread
     * @param clock         milliseconds since the epoch; the only time source of the core
     * @param bufferSize    ring size, a power of two
     * @param waitStrategy  how the routing thread waits for events; blocking suits small machines
     * @param threads       makes the routing thread, which the core then names and makes a daemon
     */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock, int bufferSize,
                       WaitStrategy waitStrategy, ThreadFactory threads) {
        this.clock = clock;
        RoutingEngine engine = new RoutingEngine(configuration, port, clock.getAsLong());
        this.disruptor = new Disruptor<>(RoutingEvent::new, bufferSize, r -> routingThread(threads.newThread(r)),
                ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith(new RoutingConsumer(engine, port));
        disruptor.setDefaultExceptionHandler(new RoutingConsumer.FailedEvent(port));
        this.ring = disruptor.start();
    }

    /**
     * The routing thread, named so that a thread dump, or the scheduler's trace of a slow hand-off, shows which thread
     * routes (it sits between two event loops on every hand-off).
     */
    private static Thread routingThread(Thread t) {
        t.setName(THREAD_NAME);
        t.setDaemon(true);
        return t;
    }

    /** A core of the given ring and wait strategy, on a plain thread. */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock, int bufferSize,
                       WaitStrategy waitStrategy) {
        this(configuration, port, clock, bufferSize, waitStrategy, Thread::new);
    }

    /** A core with a 64k ring and a blocking wait strategy. */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock) {
        this(configuration, port, clock, Thread::new);
    }

    /** A core with a 64k ring and a blocking wait strategy, its thread made by {@code threads}. */
    public RoutingCore(RoutingConfiguration configuration, RoutingPort port, LongSupplier clock,
                       ThreadFactory threads) {
        this(configuration, port, clock, 1 << 16, new BlockingWaitStrategy(), threads);
    }

    public void callQueued(String callId, String queue, int priority) {
        callQueued(callId, queue, priority, Map.of());
    }

    /** A call joins a queue needing these skills (skill to minimum proficiency) on top of the queue's. */
    public void callQueued(String callId, String queue, int priority, Map<String, Integer> skills) {
        // Four values: one more than the Disruptor's translators take, so the same claim, fill and publish by hand.
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), RoutingEvent.Type.CALL_QUEUED);
            e.callId = callId;
            e.queue = queue;
            e.priority = priority;
            e.skills = skills;
        } finally {
            ring.publish(seq);
        }
    }

    public void callerHungUp(String callId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.CALLER_HUNG_UP, callId, null);
    }

    public void offerAnswered(String callId, String agentId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.OFFER_ANSWERED, callId, agentId);
    }

    public void offerFailed(String callId, String agentId, OfferFailure failure) {
        ring.publishEvent(offerFailed, callId, agentId, failure);
    }

    public void callEnded(String callId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.CALL_ENDED, callId, null);
    }

    public void agentReady(String agentId) {
        agentReady(agentId, AgentStateCause.SYSTEM);
    }

    /** The agent signs in or comes back from a pause, as {@code cause} asks. */
    public void agentReady(String agentId, AgentStateCause cause) {
        publishAgent(RoutingEvent.Type.AGENT_READY, agentId, null, false, cause);
    }

    /** The agent signed out (ignored while the agent holds a call). */
    public void agentLoggedOut(String agentId) {
        agentLoggedOut(agentId, AgentStateCause.SYSTEM);
    }

    /** The agent signs out, as {@code cause} asks (ignored while the agent holds a call). */
    public void agentLoggedOut(String agentId, AgentStateCause cause) {
        publishAgent(RoutingEvent.Type.AGENT_LOGGED_OUT, agentId, null, false, cause);
    }

    public void agentNotReady(String agentId, String reason) {
        agentNotReady(agentId, reason, AgentStateCause.SYSTEM);
    }

    /** The agent pauses for {@code reason}, as {@code cause} asks. */
    public void agentNotReady(String agentId, String reason, AgentStateCause cause) {
        publishAgent(RoutingEvent.Type.AGENT_NOT_READY, agentId, reason, false, cause);
    }

    public void deviceAvailability(String agentId, boolean available) {
        deviceAvailability(agentId, available,
                available ? AgentStateCause.SYSTEM : AgentStateCause.PHONE_UNREGISTERED);
    }

    /** The agent's device became available or not; {@code cause} says why, for the agent-state history. */
    public void deviceAvailability(String agentId, boolean available, AgentStateCause cause) {
        publishAgent(RoutingEvent.Type.DEVICE_AVAILABILITY, agentId, null, available, cause);
    }

    /**
     * The agent put its call on hold ({@code onHold} true) or took it back. Routing does not change; the
     * agent-state history records it. Ignored unless the agent is on a call.
     */
    public void agentHold(String agentId, boolean onHold, AgentStateCause cause) {
        publishAgent(RoutingEvent.Type.AGENT_HOLD, agentId, null, onHold, cause);
    }

    private void publishAgent(RoutingEvent.Type type, String agentId, String reason, boolean flag,
                              AgentStateCause cause) {
        // Five values: more than the Disruptor's translators take, so the same claim, fill and publish by hand.
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), type);
            e.agentId = agentId;
            e.reason = reason;
            e.available = flag;
            e.cause = cause;
        } finally {
            ring.publish(seq);
        }
    }

    /** Lets time-based state (not-ready pauses) advance; the gateway calls it a few times a second. */
    public void tick() {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.TICK, null, null);
    }

    /** Replaces queues and agents without losing waiting calls or agent states. */
    public void configure(RoutingConfiguration configuration) {
        ring.publishEvent(configure, configuration);
    }

    /** The caller is asked about a callback: the call leaves the line for now, keeping its place. */
    public void callHeld(String callId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.CALL_HELD, callId, null);
    }

    /** The caller did not take a callback: the held call goes back to its place. */
    public void callResumed(String callId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.CALL_RESUMED, callId, null);
    }

    /**
     * A standby that took over routing puts a waiting call back at its stored place, held until its caller returns
     * (see {@link RoutingEngine#callRestored}); its queue waits up to {@code returnHold} for restored callers who
     * come back together. Restore calls in their old order, before new calls arrive.
     */
    public void callRestored(CallPlace place, Duration returnHold) {
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), RoutingEvent.Type.CALL_RESTORED);
            e.callId = place.callId();
            e.place = place;
            e.atMillis = returnHold.toMillis();
        } finally {
            ring.publish(seq);
        }
    }

    /** {@link #callRestored(CallPlace, Duration)} with the engine's default hold. */
    public void callRestored(CallPlace place) {
        callRestored(place, Duration.ofMillis(RoutingEngine.RETURN_HOLD_MILLIS));
    }

    /**
     * A callback joins its line as a virtual caller (taking over its held original call's place, if any).
     * Completes with false if the queue is unknown or the id is in use.
     */
    public CompletableFuture<Boolean> callbackQueued(CallbackRequest request) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        ring.publishEvent(callbackQueued, request, reply);
        return reply.thenApply(Boolean.class::cast);
    }

    /** The customer could not be reached: the agent is freed; retry at {@code retryAtMillis}, or 0 for never. */
    public void callbackAttemptFailed(String callbackId, String agentId, long retryAtMillis) {
        ring.publishEvent(attemptFailed, callbackId, agentId, retryAtMillis);
    }

    /**
     * The callback's dial could not start through no fault of the agent (database or manager away): the agent is
     * ready again, and the callback keeps its place and waits until {@code notBeforeMillis} to be offered again.
     */
    public void callbackDeferred(String callbackId, String agentId, long notBeforeMillis) {
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), RoutingEvent.Type.CALLBACK_DEFERRED);
            e.callId = callbackId;
            e.agentId = agentId;
            e.atMillis = notBeforeMillis;
        } finally {
            ring.publish(seq);
        }
    }

    /** Moves a pending callback to a new time (0: as soon as possible); false if it is being dialed or unknown. */
    public CompletableFuture<Boolean> callbackRescheduled(String callbackId, long notBeforeMillis) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        // An operator's command, not a routing event: boxing the time is fine here.
        ring.publishEvent(rescheduled, callbackId, notBeforeMillis, reply);
        return reply.thenApply(Boolean.class::cast);
    }

    /** Cancels a pending callback; false if it is being dialed or unknown. */
    public CompletableFuture<Boolean> callbackCancelled(String callbackId) {
        return ask(RoutingEvent.Type.CALLBACK_CANCELLED, callbackId).thenApply(Boolean.class::cast);
    }

    /** The call's position and expected wait, or null if it is not waiting (see {@link RoutingEngine#estimate}). */
    public CompletableFuture<WaitEstimate> estimate(String callId) {
        return ask(RoutingEvent.Type.ESTIMATE, callId).thenApply(WaitEstimate.class::cast);
    }

    /**
     * The call's routing decisions still kept, oldest first (see {@link RoutingEngine#decisions}): why each agent was
     * offered it. Read on the routing thread between two events.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<RoutingDecision>> decisions(String callId) {
        return ask(RoutingEvent.Type.DECISIONS, callId).thenApply(d -> (List<RoutingDecision>) d);
    }

    /**
     * {@link #decisions} for a caller that may block (the command line, tests): waits at most a few seconds for the
     * routing thread's answer and says which call it could not explain.
     */
    public List<RoutingDecision> decisionsNow(String callId) {
        try {
            return decisions(callId).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the decisions of call " + callId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the routing core did not say why call " + callId + " was routed", e);
        }
    }

    /**
     * First step of a blind transfer of {@code callId} to the named agent (see {@link NamedTransfers}): holds the
     * agent if signed in, ready and its phone available. Completes empty when held (then {@link #callTransferred} or
     * {@link #transferCancelled}), else with why not, naming the agent and its state.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Optional<String>> transferReserved(String callId, String agentId) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), RoutingEvent.Type.TRANSFER_RESERVED);
            e.callId = callId;
            e.agentId = agentId;
            e.reply = reply;
        } finally {
            ring.publish(seq);
        }
        return reply.thenApply(r -> (Optional<String>) r);
    }

    /**
     * Second step: the call comes back as a request of {@code queue} (the one it was in) with its priority and skills,
     * offered to the agent held for it; without that hold, or if the agent does not answer, it joins the line.
     */
    public void callTransferred(String callId, String queue, int priority, Map<String, Integer> skills,
                                String agentId) {
        long seq = ring.next();
        try {
            RoutingEvent e = stamp(ring.get(seq), RoutingEvent.Type.CALL_TRANSFERRED);
            e.callId = callId;
            e.queue = queue;
            e.priority = priority;
            e.skills = skills;
            e.agentId = agentId;
        } finally {
            ring.publish(seq);
        }
    }

    /** The transfer held for by {@link #transferReserved} will not come: the agent is ready again. */
    public void transferCancelled(String callId, String agentId) {
        ring.publishEvent(callAndAgent, RoutingEvent.Type.TRANSFER_CANCELLED, callId, agentId);
    }

    /** Every agent's activity now, in configuration order (READY ones can take a transfer). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Map<String, AgentActivity>> agentActivities() {
        return ask(RoutingEvent.Type.AGENT_ACTIVITIES, null).thenApply(r -> (Map<String, AgentActivity>) r);
    }

    /** Every queue as it stands (calls in line, the longest wait, members by activity), taken between two events. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<QueueStatus>> queueStatus() {
        return ask(RoutingEvent.Type.QUEUE_STATUS, null).thenApply(r -> (List<QueueStatus>) r);
    }

    /** Free slots in the routing ring: how many more events it takes before publishers have to wait. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** A consistent picture of the state, taken on the routing thread between two events. */
    public CompletableFuture<RoutingSnapshot> snapshot() {
        return ask(RoutingEvent.Type.SNAPSHOT, null).thenApply(RoutingSnapshot.class::cast);
    }

    @Override
    public void close() {
        disruptor.shutdown();
    }

    /** A question answered on the routing thread. */
    private CompletableFuture<Object> ask(RoutingEvent.Type type, String callId) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        ring.publishEvent(question, type, callId, reply);
        return reply;
    }

    /** Marks a claimed slot with its event type and the time, from the core's clock. */
    private RoutingEvent stamp(RoutingEvent e, RoutingEvent.Type type) {
        e.type = type;
        e.timeMillis = clock.getAsLong();
        e.publishedNanos = System.nanoTime();
        return e;
    }
}
