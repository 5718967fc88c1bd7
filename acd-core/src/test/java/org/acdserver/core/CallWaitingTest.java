package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The port hears that a call waits only when no agent took it: a call offered at once is only offered. */
class CallWaitingTest {

    private final List<String> told = new ArrayList<>();
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            told.add("offer " + decision.callId() + " " + decision.agentId());
        }

        @Override
        public void callWaiting(String callId) {
            told.add("waiting " + callId);
        }
    };

    private RoutingEngine engine(String... agents) {
        List<AgentDefinition> defs = new ArrayList<>();
        for (String a : agents) {
            defs.add(new AgentDefinition(a, "Local/" + a + "@sim-agent/n", List.of("sales")));
        }
        return new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 30)), defs),
                port, 0);
    }

    @Test
    void aCallWithAFreeAgentIsOfferedAndNotToldToWait() {
        RoutingEngine e = engine("a1");
        e.callQueued("c1", "sales", 0, 10);
        assertThat(told).containsExactly("offer c1 a1");
    }

    @Test
    void aCallWithNoFreeAgentIsToldToWaitOnce() {
        RoutingEngine e = engine("a1");
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        assertThat(told).containsExactly("offer c1 a1", "waiting c2");
    }

    @Test
    void aFailedOfferWaitsAgainUnlessAnotherAgentTakesIt() {
        RoutingEngine e = engine("a1", "a2");
        e.callQueued("c1", "sales", 0, 10);
        e.offerFailed("c1", "a1", OfferFailure.NO_ANSWER, 20);
        assertThat(told).containsExactly("offer c1 a1", "offer c1 a2");
        e.offerFailed("c1", "a2", OfferFailure.BUSY, 30);
        assertThat(told).containsExactly("offer c1 a1", "offer c1 a2", "waiting c1");
    }

    @Test
    void aResumedCallWaitsAgainWhenNoAgentIsFree() {
        RoutingEngine e = engine("a1");
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        e.callHeld("c2", 12);
        e.callResumed("c2", 13);
        assertThat(told).containsExactly("offer c1 a1", "waiting c2", "waiting c2");
    }

    @Test
    void aCallTheQueueTurnsAwayIsNotToldToWait() {
        List<String> overflowed = new ArrayList<>();
        RoutingPort p = new RoutingPort() {
            @Override
            public void offer(RoutingDecision decision) {
                told.add("offer " + decision.callId());
            }

            @Override
            public void callWaiting(String callId) {
                told.add("waiting " + callId);
            }

            @Override
            public void overflowed(String callId, String queue, String reason) {
                overflowed.add(callId + " " + reason);
            }
        };
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 30, 0,
                SelectionStrategy.LONGEST_IDLE, 0, Map.of(), List.of(), 0, 1, null)), List.of()), p, 0);
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        assertThat(told).containsExactly("waiting c1");
        assertThat(overflowed).containsExactly("c2 full");
    }
}
