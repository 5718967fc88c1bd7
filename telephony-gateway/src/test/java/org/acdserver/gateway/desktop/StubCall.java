package org.acdserver.gateway.desktop;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.call.QueuedCall;

/** A queued call with a number, a queue, a time it joined, a path through the flow and what it displays. */
record StubCall(String callId, String callerNumber, String queue, Instant queuedAt, List<String> ivrPath,
                Map<String, String> display) implements QueuedCall {

    /** A call with nothing marked for display. */
    StubCall(String callId, String callerNumber, String queue, Instant queuedAt, List<String> ivrPath) {
        this(callId, callerNumber, queue, queuedAt, ivrPath, Map.of());
    }

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
