package org.acdserver.gateway.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

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
    final Counter callbackRequested;
    final Counter offersNotAnswered;
    final Timer queueWait;
    final Timer answerToBridge;

    public CallMetrics(MeterRegistry registry) {
        callsStarted = Counter.builder("acd.calls.started").description("calls that reached a flow").register(registry);
        callsQueued = Counter.builder("acd.calls.queued").description("calls offered to a queue").register(registry);
        answered = outcome(registry, "answered");
        abandonedInQueue = outcome(registry, "abandoned_in_queue");
        abandonedInIvr = outcome(registry, "abandoned_in_ivr");
        notServed = outcome(registry, "no_agent");
        selfService = outcome(registry, "self_service");
        failed = outcome(registry, "failed");
        callbackRequested = outcome(registry, "callback_requested");
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

    void recordAnswerToBridge(long micros) {
        answerToBridge.record(Duration.ofNanos(micros * 1000));
    }
}
