package org.acdserver.gateway.call;

import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.acdserver.core.AgentStateChange;
import org.acdserver.core.CallEnding;
import org.acdserver.core.CallPlace;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.RoutingPort;
import org.acdserver.gateway.standby.WaitingPlaces;

/**
 * Carries the core's commands to the calls. It runs on the routing thread, so it only looks the call up and hands
 * the command to that call's event loop. (Why an agent got a call is the core's to keep:
 * {@link RoutingCore#decisions}.)
 */
public final class GatewayRoutingPort implements RoutingPort {

    private final CallRegistry registry;
    private final Supplier<RoutingCore> core;

    private final Consumer<RoutingDecision> callbacks;
    private final Consumer<AgentStateChange> agentStates;
    private final UnaryOperator<RoutingDecision> reach;
    private final WaitingPlaces places;

    /** The core is supplied late because it is built with this port; callbacks are refused. */
    public GatewayRoutingPort(CallRegistry registry, Supplier<RoutingCore> core) {
        this(registry, core, d -> core.get().callbackAttemptFailed(d.callId(), d.agentId(), 0));
    }

    /** A port whose callback dials go to {@code callbacks} (the callback dialer). */
    public GatewayRoutingPort(CallRegistry registry, Supplier<RoutingCore> core,
                              Consumer<RoutingDecision> callbacks) {
        this(registry, core, callbacks, change -> {
        });
    }

    /** A port that also hands every agent-state change to {@code agentStates} (the agent-state history). */
    public GatewayRoutingPort(CallRegistry registry, Supplier<RoutingCore> core,
                              Consumer<RoutingDecision> callbacks, Consumer<AgentStateChange> agentStates) {
        this(registry, core, callbacks, agentStates, UnaryOperator.identity(), WaitingPlaces.NONE);
    }

    /**
     * A port that dials each agent as the caller's own Asterisk server reaches it, and keeps waiting calls' places.
     *
     * @param reach  a caller's decision as dialed: through a trunk when the agent's phone is on another Asterisk
     *               server; null when this server may not route now (it lost its routing lease), and then nothing is
     *               rung (callbacks are placed by {@code callbacks}, which decides the same for them)
     * @param places where waiting calls' places go, for a standby
     */
    public GatewayRoutingPort(CallRegistry registry, Supplier<RoutingCore> core,
                              Consumer<RoutingDecision> callbacks, Consumer<AgentStateChange> agentStates,
                              UnaryOperator<RoutingDecision> reach, WaitingPlaces places) {
        this.registry = registry;
        this.core = core;
        this.callbacks = callbacks;
        this.agentStates = agentStates;
        this.reach = reach;
        this.places = places;
    }

    @Override
    public void agentStateChanged(AgentStateChange change) {
        agentStates.accept(change);
    }

    /** A callback's agent is reserved: the dialer rings the agent, then the customer. */
    @Override
    public void dialCallback(RoutingDecision decision) {
        callbacks.accept(decision);
    }

    @Override
    public boolean keepsPlaces() {
        return places != WaitingPlaces.NONE;
    }

    @Override
    public void callPlaced(CallPlace place) {
        places.placed(place);
    }

    @Override
    public void placeReleased(String callId) {
        places.released(callId);
    }

    @Override
    public void callLeft(String callId, CallEnding ending) {
        places.released(callId);
    }

    @Override
    public void offer(RoutingDecision chosen) {
        offer(chosen, 0);
    }

    /** Rings the agent, and passes the time of the event the decision came from on to the call. */
    @Override
    public void offer(RoutingDecision chosen, long eventNanos) {
        RoutingDecision decision = reach.apply(chosen);
        if (decision == null) {
            // This server no longer holds the routing lease: it rings nobody, and its callers go to the other.
            return;
        }
        QueuedCall call = registry.get(decision.callId());
        if (call == null) {
            // The caller left between the decision and now: free the agent.
            core.get().offerFailed(decision.callId(), decision.agentId(), OfferFailure.CALLER_GONE);
            return;
        }
        call.connect(decision, eventNanos);
    }

    /** The call waits in line: its caller holds (music and the wait for an offer) from now on. */
    @Override
    public void callWaiting(String callId) {
        QueuedCall call = registry.get(callId);
        if (call != null) {
            call.waiting();
        }
    }

    /** The call left its queue unserved (full, or waited the maximum): its flow goes on past the queue step. */
    @Override
    public void overflowed(String callId, String queue, String reason) {
        QueuedCall call = registry.get(callId);
        if (call != null) {
            call.leftUnserved(reason);
        }
    }

    @Override
    public void routingFailed(String callId, Throwable cause) {
        QueuedCall call = registry.get(callId);
        if (call != null) {
            call.routingFailed();
        }
    }
}
