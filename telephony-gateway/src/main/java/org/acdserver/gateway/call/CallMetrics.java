package org.acdserver.gateway.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.config.ServiceLevelTarget;

/** The call counters and timers the gateway exports; meters are looked up once so the hot path only increments. */
public final class CallMetrics {
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
    final Timer queueWait;
    final Timer answerToBridge;
    private final MeterRegistry registry;
    /** Per queue: answered within its target, answered later, abandoned; looked up once per queue. */
    private final Map<String, Counter[]> queueCalls = new ConcurrentHashMap<>();
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
        queueWait = Timer.builder("acd.queue.wait").description("time in queue until answered or abandoned")
                .publishPercentiles(0.5, 0.9).register(registry);
        answerToBridge = Timer.builder("acd.agent.answer.to.bridge")
                .description("agent leg answered to caller bridged, by Asterisk's event times")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("acd.calls.ended").tag("outcome", outcome).description("calls by outcome")
                .register(registry);
    }

    /** The service-level targets by queue; replaced on reload. */
    public void useServiceLevels(Map<String, ServiceLevelTarget> targets) {
        serviceLevels = Map.copyOf(targets);
    }

    /**
     * A call left a queue answered or abandoned. {@code acd.queue.calls} counts it by queue and result, so the
     * service level is {@code answered_in_target / (answered_in_target + answered_late + abandoned)}.
     */
    void queueCallEnded(String queue, boolean answered, double waitSeconds) {
        Counter[] c = queueCalls.computeIfAbsent(queue, q -> new Counter[] {
            queueCounter(q, "answered_in_target"), queueCounter(q, "answered_late"), queueCounter(q, "abandoned")});
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
