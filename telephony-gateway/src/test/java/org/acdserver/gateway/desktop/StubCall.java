package org.acdserver.gateway.desktop;

import java.time.Instant;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.call.QueuedCall;

/** A queued call with a number, a queue and a time it joined, and nothing else. */
record StubCall(String callId, String callerNumber, String queue, Instant queuedAt) implements QueuedCall {

    @Override
    public long queuedAtNanos() {
        return 0;
    }

    @Override
    public void connect(RoutingDecision decision) {
    }

    @Override
    public void agentAnswered(long asteriskMicros) {
    }

    @Override
    public void bridged(long asteriskMicros) {
    }

    @Override
    public void channelHungUp() {
    }

    @Override
    public void routingFailed() {
    }
}
