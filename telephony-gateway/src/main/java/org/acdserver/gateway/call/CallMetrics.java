package org.acdserver.gateway.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.config.ServiceLevelTarget;

/**
 * The call counters and timers the gateway exports; meters are looked up once so the hot path only increments.
 *
 * <p>Waits and handle times are histograms with fixed buckets and a {@code queue} tag, not client-side summaries,
 * so that Prometheus can add them up over queues and servers and compute any quantile, or the share within a
 * bucket's bound (the service level for that time), from them: {@code acd_queue_wait_seconds_bucket{queue,result,le}}
 * (result {@code answered} or {@code abandoned}) and {@code acd_handle_time_seconds_bucket{queue,le}} (talk + hold +
 * wrap-up of each call an agent handled). Every configured queue's meters exist from the start, at zero.
 */
public final class CallMetrics {
    /** The timer of {@link #offerLatency}. */
    public static final String OFFER_LATENCY = "acd.routing.offer.latency";
    final Counter callsStarted;
    final Counter callsQueued;
    final Counter answered;
    final Counter abandonedInQueue;
    final Counter abandonedInIvr;
    final Counter notServed;
    final Counter selfService;
    final Counter failed;
    final Counter transferred;
    final Counter callbackRequested;
    final Counter offersNotAnswered;
    final Counter announcements;
    /** Answered legs whose agent was freed on the manager's hang-up, and those freed on the caller's side. */
    final Counter freedOnHangUp;
    final Counter freedOnDial;
    final Timer answerToBridge;
    /** The routing event that led to an offer to the agent's Dial handed to AGI; percentiles over the last minute. */
    final Timer offerLatency;
    private final MeterRegistry registry;
    /** Per queue: answered within its target, answered later, abandoned; looked up once per queue. */
    private final Map<String, Counter[]> queueCalls = new ConcurrentHashMap<>();
    /** Per queue: the wait of answered calls, of abandoned ones, and the handle time. */
    private final Map<String, Timer[]> queueTimes = new ConcurrentHashMap<>();
    private volatile Map<String, ServiceLevelTarget> serviceLevels = Map.of();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        callsStarted = Counter.builder("acd.calls.started").description("calls that reached a flow").register(registry);
        callsQueued = Counter.builder("acd.calls.queued").description("calls offered to a queue").register(registry);
        answered = outcome(registry, "answered");
        abandonedInQueue = outcome(registry, "abandoned_in_queue");
        abandonedInIvr = outcome(registry, "abandoned_in_ivr");
        notServed = outcome(registry, "no_agent");
        selfService = outcome(registry, "self_service");
        failed = outcome(registry, "failed");
        transferred = outcome(registry, "transferred");
        callbackRequested = outcome(registry, "callback_requested");
        announcements = Counter.builder("acd.queue.announcements")
                .description("position and expected-wait announcements played to waiting callers").register(registry);
        offersNotAnswered = Counter.builder("acd.offers.not.answered")
                .description("agent legs that rang out, were busy or unreachable").register(registry);
        freedOnHangUp = freed(registry, "hangup");
        freedOnDial = freed(registry, "dial");
        offerLatency = Timer.builder(OFFER_LATENCY)
                .description("the routing event that led to an agent's offer (a call queued, an agent freed or"
                        + " ready) published into the routing core, to the agent's Dial handed to the caller's AGI"
                        + " connection: the server's own part of ringing an agent, and of each hand-off")
                .publishPercentiles(0.5, 0.9, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        answerToBridge = Timer.builder("acd.agent.answer.to.bridge")
                .description("agent leg answered to caller bridged, by Asterisk's event times")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    private static Counter freed(MeterRegistry registry, String by) {
        return Counter.builder("acd.agent.legs.ended").tag("by", by)
                .description("answered agent legs ended (the agent freed): on the manager's hang-up, before the"
                        + " caller's Dial returned, or on the caller's side (its Dial returned, or it hung up)")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("acd.calls.ended").tag("outcome", outcome).description("calls by outcome")
                .register(registry);
    }

    /** Bounds of the wait histogram's buckets: the usual service-level times, then longer waits. */
    private static final Duration[] WAIT_BUCKETS = seconds(5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200);
    /** Bounds of the handle-time histogram's buckets. */
    private static final Duration[] HANDLE_BUCKETS = seconds(30, 60, 120, 180, 240, 300, 420, 600, 900, 1200, 1800,
            3600);

    private static Duration[] seconds(int... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Duration.ofSeconds(values[i]);
        }
        return d;
    }

    /** The service-level targets by queue; replaced on reload. Every queue named gets its meters now. */
    public void useServiceLevels(Map<String, ServiceLevelTarget> targets) {
        serviceLevels = Map.copyOf(targets);
        targets.keySet().forEach(q -> {
            times(q);
            counters(q);
        });
    }

    private Timer[] times(String queue) {
        return queueTimes.computeIfAbsent(queue, q -> new Timer[] {
            Timer.builder("acd.queue.wait").tag("queue", q).tag("result", "answered")
                    .description("time in queue until answered or abandoned").serviceLevelObjectives(WAIT_BUCKETS)
                    .register(registry),
            Timer.builder("acd.queue.wait").tag("queue", q).tag("result", "abandoned")
                    .description("time in queue until answered or abandoned").serviceLevelObjectives(WAIT_BUCKETS)
                    .register(registry),
            Timer.builder("acd.handle.time").tag("queue", q)
                    .description("talk + hold + wrap-up of each call an agent handled")
                    .serviceLevelObjectives(HANDLE_BUCKETS).register(registry)});
    }

    private Counter[] counters(String queue) {
        return queueCalls.computeIfAbsent(queue, q -> new Counter[] {
            queueCounter(q, "answered_in_target"), queueCounter(q, "answered_late"), queueCounter(q, "abandoned")});
    }

    /** A call left its queue after waiting {@code wait}: answered, or not (abandoned, overflowed, a callback). */
    void recordWait(String queue, boolean answered, Duration wait) {
        times(queue)[answered ? 0 : 1].record(wait);
    }

    /** An agent finished a call of the queue: talk, hold and wrap-up took {@code handle}. */
    public void recordHandleTime(String queue, Duration handle) {
        times(queue)[2].record(handle);
    }

    /**
     * A call left a queue answered or abandoned. {@code acd.queue.calls} counts it by queue and result, so the
     * service level is {@code answered_in_target / (answered_in_target + answered_late + abandoned)}.
     */
    void queueCallEnded(String queue, boolean answered, double waitSeconds) {
        Counter[] c = counters(queue);
        if (!answered) {
            c[2].increment();
            return;
        }
        int target = serviceLevels.getOrDefault(queue, ServiceLevelTarget.DEFAULT).seconds();
        (waitSeconds <= target ? c[0] : c[1]).increment();
    }

    private Counter queueCounter(String queue, String result) {
        return Counter.builder("acd.queue.calls").tag("queue", queue).tag("result", result)
                .description("calls that left a queue, against its service-level target").register(registry);
    }

    void offerLatency(long nanos) {
        offerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordAnswerToBridge(long micros) {
        answerToBridge.record(Duration.ofNanos(micros * 1000));
    }

    /** A call ignored an event that does not fit its state; rare, so the meter is looked up each time. */
    void unexpectedEvent(CallState state, CallEvent event) {
        Counter.builder("acd.calls.unexpected.events").tag("state", state.name().toLowerCase(Locale.ROOT))
                .tag("event", event.name().toLowerCase(Locale.ROOT))
                .description("events a call ignored because they do not fit its state").register(registry)
                .increment();
    }
}
