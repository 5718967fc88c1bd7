package org.acdserver.gateway.call;

import java.util.function.Supplier;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.RoutingPort;

/**
 * Carries the core's commands to the calls. It runs on the routing thread, so it only looks the call up and hands
 * the command to that call's event loop.
 */
public final class GatewayRoutingPort implements RoutingPort {

    private final CallRegistry registry;
    private final Supplier<RoutingCore> core;

    /** The core is supplied late because it is built with this port. */
    public GatewayRoutingPort(CallRegistry registry, Supplier<RoutingCore> core) {
        this.registry = registry;
        this.core = core;
    }

    @Override
    public void offer(RoutingDecision decision) {
        QueuedCall call = registry.get(decision.callId());
        if (call == null) {
            // The caller left between the decision and now: free the agent.
            core.get().offerFailed(decision.callId(), decision.agentId(), OfferFailure.CALLER_GONE);
            return;
        }
        call.connect(decision);
    }

    @Override
    public void routingFailed(String callId, Throwable cause) {
        QueuedCall call = registry.get(callId);
        if (call != null) {
            call.routingFailed();
        }
    }
}
