package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents' priorities within a queue: first-line agents are offered calls before second-line ones. */
class QueuePriorityTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private long now = 1_000;

    private RoutingEngine engine() {
        // "back" is first line in q (longest idle would otherwise pick it), "front" and "front2" are first line.
        List<AgentDefinition> agents = List.of(
                new AgentDefinition("back", "PJSIP/back", List.of("q", "other"), Map.of(), Map.of("q", 2)),
                new AgentDefinition("front", "PJSIP/front", List.of("q")),
                new AgentDefinition("front2", "PJSIP/front2", List.of("q"), Map.of(), Map.of("q", 1)));
        return new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("q", 15, 30),
                new QueueDefinition("other", 15, 30)), agents), offers::add, now);
    }

    @Test
    void firstLineAgentsAreOfferedCallsBeforeSecondLineOnes() {
        RoutingEngine e = engine();
        e.callQueued("c1", "q", 0, ++now);
        e.callQueued("c2", "q", 0, ++now);
        e.callQueued("c3", "q", 0, ++now);
        assertThat(offers).extracting(RoutingDecision::agentId).containsExactly("front", "front2", "back");
        assertThat(offers.get(0).candidates()).containsExactly("front", "front2");
    }

    @Test
    void aSecondLineAgentWhoIsFreedStillTakesAWaitingCall() {
        RoutingEngine e = engine();
        e.agentNotReady("back", "break", ++now);
        for (int i = 1; i <= 3; i++) {
            e.callQueued("c" + i, "q", 0, ++now);
        }
        assertThat(offers).hasSize(2);
        e.agentReady("back", ++now);
        assertThat(offers).extracting(RoutingDecision::agentId).containsExactly("front", "front2", "back");
        assertThat(offers.get(2).callId()).isEqualTo("c3");
    }

    @Test
    void aPriorityBelowOneOrForAQueueTheAgentIsNotInIsRejected() {
        assertThatThrownBy(() -> new AgentDefinition("a", "PJSIP/a", List.of("q"), Map.of(), Map.of("q", 0)))
                .hasMessageContaining("must be 1 or more");
        assertThatThrownBy(() -> new AgentDefinition("a", "PJSIP/a", List.of("q"), Map.of(), Map.of("x", 2)))
                .hasMessageContaining("not a member of");
    }
}
