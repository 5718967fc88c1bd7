package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkillRoutingTest {

    private final List<RoutingDecision> offers = new ArrayList<>();

    private RoutingEngine engine(SelectionStrategy strategy, Map<String, Integer> queueSkills,
                                 AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("q", 15, 30, 0, strategy, 1, queueSkills)), List.of(agents)),
                offers::add, 0);
    }

    private static AgentDefinition agent(String id, Map<String, Integer> skills) {
        return new AgentDefinition(id, "PJSIP/" + id, List.of("q"), skills);
    }

    @Test
    void aCallNeedingASkillOnlyOneAgentHasReachesThatAgentWhileOthersIdle() {
        RoutingEngine e = engine(SelectionStrategy.LONGEST_IDLE, Map.of(),
                agent("a", Map.of()), agent("b", Map.of("spanish", 3)), agent("c", Map.of("spanish", 7)));
        e.callQueued("c1", "q", 0, Map.of("spanish", 5), 10);
        assertThat(offers).singleElement().extracting(RoutingDecision::agentId).isEqualTo("c");
        assertThat(offers.get(0).candidates()).containsExactly("c");
    }

    @Test
    void aCallNobodyReadyQualifiesForDoesNotHoldUpTheLine() {
        RoutingEngine e = engine(SelectionStrategy.LONGEST_IDLE, Map.of(),
                agent("a", Map.of()), agent("b", Map.of("spanish", 9)));
        e.agentNotReady("b", "break", 1);
        e.callQueued("spanish", "q", 0, Map.of("spanish", 5), 10);
        e.callQueued("plain", "q", 0, Map.of(), 11);
        assertThat(offers).singleElement().extracting(RoutingDecision::callId).isEqualTo("plain");
        e.agentReady("b", 12);
        assertThat(offers.get(1)).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly("spanish", "b");
    }

    @Test
    void theQueuesMinimumAppliesAndTheCallMayAskForMore() {
        RoutingEngine e = engine(SelectionStrategy.LONGEST_IDLE, Map.of("billing", 3),
                agent("a", Map.of("billing", 2)), agent("b", Map.of("billing", 4)),
                agent("c", Map.of("billing", 8)));
        e.callQueued("c1", "q", 0, 10);
        assertThat(offers.get(0).agentId()).isEqualTo("b");
        e.callQueued("c2", "q", 0, Map.of("billing", 6), 11);
        assertThat(offers.get(1).agentId()).isEqualTo("c");
    }

    @Test
    void bestProficiencyPrefersTheStrongestThenTheLongestIdle() {
        RoutingEngine e = engine(SelectionStrategy.BEST_PROFICIENCY, Map.of("billing", 1),
                agent("a", Map.of("billing", 4)), agent("b", Map.of("billing", 9)), agent("c", Map.of("billing", 9)));
        e.callQueued("c1", "q", 0, 10);
        assertThat(offers.get(0).agentId()).isEqualTo("b");
        assertThat(offers.get(0).candidates()).containsExactly("b", "c", "a");
        assertThat(offers.get(0).strategy()).isEqualTo("best-proficiency");
    }

    @Test
    void afreedAgentTakesTheBestCallItQualifiesFor() {
        RoutingEngine e = engine(SelectionStrategy.LONGEST_IDLE, Map.of(), agent("a", Map.of()));
        e.callQueued("first", "q", 0, 1);
        e.callQueued("needs-spanish", "q", 5, Map.of("spanish", 1), 2);
        e.callQueued("plain", "q", 0, 3);
        e.offerAnswered("first", "a", 4);
        e.callEnded("first", 5);
        assertThat(offers.get(1).callId()).isEqualTo("plain");
        assertThat(e.snapshot().waiting().get("q")).containsExactly("needs-spanish");
    }

    @Test
    void proficiencyOutOfRangeIsRejected() {
        assertThatThrownBy(() -> agent("a", Map.of("spanish", 11)))
                .hasMessageContaining("proficiency of spanish must be 1-10");
        assertThatThrownBy(() -> new QueueDefinition("q", 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 1,
                Map.of("spanish", 0))).hasMessageContaining("minimum proficiency of spanish must be 1-10");
    }
}
