package org.acdserver.gateway.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Callback counters by stage, and the time from request to connection; meters are looked up once. */
public final class CallbackMetrics {
    /** Callers in a queue with a callback key: offered a callback. */
    public final Counter offered;
    final Counter accepted;
    final Counter merged;
    final Counter attempted;
    final Counter completed;
    final Counter failed;
    final Counter cancelled;
    /** Dials put off because the database or the manager link was away; the agent stayed ready. */
    final Counter deferred;
    /** Agents who hung up during a callback's whisper. */
    final Counter declined;
    /** Requests the database did not take: the caller stayed in line. */
    public final Counter notStored;
    final Timer requestToConnection;

    public CallbackMetrics(MeterRegistry registry) {
        offered = stage(registry, "offered");
        accepted = stage(registry, "accepted");
        merged = stage(registry, "merged");
        attempted = stage(registry, "attempted");
        completed = stage(registry, "completed");
        failed = stage(registry, "failed");
        cancelled = stage(registry, "cancelled");
        deferred = stage(registry, "deferred");
        declined = stage(registry, "declined");
        notStored = stage(registry, "not_stored");
        requestToConnection = Timer.builder("acd.callbacks.request.to.connection")
                .description("time from a callback's request to the customer talking to an agent")
                .publishPercentiles(0.5, 0.9).register(registry);
    }

    private static Counter stage(MeterRegistry registry, String stage) {
        return Counter.builder("acd.callbacks").tag("stage", stage).description("callbacks by stage")
                .register(registry);
    }
}
