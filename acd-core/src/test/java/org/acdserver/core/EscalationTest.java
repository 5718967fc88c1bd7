package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationTest {

    private final List<RoutingDecision> offers = new ArrayList<>();

    private RoutingEngine engine(List<EscalationRule> rules, AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("q", 15, 30, 0,
                SelectionStrategy.LONGEST_IDLE, 1, Map.of("spanish", 7), rules)), List.of(agents)), offers::add, 0);
    }

    @Test
    void afterTheWaitTheMinimumIsLoweredAndALesserAgentTakesTheCall() {
        RoutingEngine e = engine(List.of(new EscalationRule(30, Map.of("spanish", 3), 0)),
                new AgentDefinition("a", "PJSIP/a", List.of("q"), Map.of("spanish", 4)));
        e.callQueued("c1", "q", 0, 1_000);
        e.tick(30_999);
        assertThat(offers).isEmpty();
        e.tick(31_000);
        assertThat(offers).singleElement().extracting(RoutingDecision::agentId).isEqualTo("a");
        // The decision says which rule step let the call through and with what minimums.
        RoutingDecision d = offers.get(0);
        assertThat(d.escalationStep()).isEqualTo(1);
        assertThat(d.requiredSkills()).containsExactlyEntriesOf(Map.of("spanish", 3));
        assertThat(d.waitedMillis()).isEqualTo(30_000);
    }

    @Test
    void raisedPriorityJumpsLaterCallsButKeepsArrivalOrderAmongEquals() {
        RoutingEngine e = engine(List.of(new EscalationRule(10, Map.of(), 1)),
                new AgentDefinition("a", "PJSIP/a", List.of("q"), Map.of("spanish", 9)));
        e.agentNotReady("a", "break", 0);
        e.callQueued("old", "q", 0, 1_000);
        e.callQueued("vip", "q", 1, 5_000);
        e.callQueued("new", "q", 0, 9_000);
        assertThat(e.snapshot().waiting().get("q")).containsExactly("vip", "old", "new");
        e.tick(11_000); // old has waited 10 s: priority 1, and it arrived before vip
        assertThat(e.snapshot().waiting().get("q")).containsExactly("old", "vip", "new");
        e.tick(15_000); // vip too: priority 2 now, so it leads again
        assertThat(e.snapshot().waiting().get("q")).containsExactly("vip", "old", "new");
        e.agentReady("a", 16_000);
        assertThat(offers.get(0).callId()).isEqualTo("vip");
        assertThat(offers.get(0).priority()).isEqualTo(2);
    }

    @Test
    void rulesAreCheckedWhenTheyAreMade() {
        assertThatThrownBy(() -> new EscalationRule(0, Map.of(), 1)).hasMessageContaining("afterSeconds");
        assertThatThrownBy(() -> new EscalationRule(5, Map.of("spanish", 0), 0)).hasMessageContaining("1-10");
    }
}
