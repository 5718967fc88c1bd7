package org.acdserver.gateway.kpi;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it. A server started on it stamps every time (enqueue, answer,
 * the end of a call, each agent-state change, the end of a wrap-up at the next tick) with the time the script set
 * before the event, so the durations it stores are the script's and can be worked out by hand; Asterisk, Netty and
 * the AGI timeouts keep real time meanwhile.
 */
final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void set(Instant at) {
        now.set(at);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
