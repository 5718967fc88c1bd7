package org.acdserver.gateway.desktop;

import java.time.Instant;
import java.util.List;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.call.QueuedCall;

/** A queued call with a number, a queue, a time it joined and a path through the flow, and nothing else. */
record StubCall(String callId, String callerNumber, String queue, Instant queuedAt, List<String> ivrPath)
        implements QueuedCall {

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
