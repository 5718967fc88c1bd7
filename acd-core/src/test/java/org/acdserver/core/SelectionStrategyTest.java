package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionStrategyTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private long now = 1_000;

    private RoutingEngine engine(SelectionStrategy strategy, int wrapUp, String... agentIds) {
        List<AgentDefinition> agents = new ArrayList<>();
        for (String id : agentIds) {
            agents.add(new AgentDefinition(id, "PJSIP/" + id, List.of("q")));
        }
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("q", 15, 30, wrapUp, strategy, 7)), agents), offers::add, now);
    }

    /** Sends a call, answers it with whoever was offered, and ends it after {@code talk} ms. */
    private String serve(RoutingEngine e, String callId, long talk) {
        e.callQueued(callId, "q", 0, ++now);
        RoutingDecision d = offers.get(offers.size() - 1);
        e.offerAnswered(callId, d.agentId(), ++now);
        now += talk;
        e.callEnded(callId, now);
        return d.agentId();
    }

    @Test
    void roundRobinTakesAgentsInTurn() {
        RoutingEngine e = engine(SelectionStrategy.ROUND_ROBIN, 0, "a", "b", "c");
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(serve(e, "c" + i, 10));
        }
        assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(offers.get(0).strategy()).isEqualTo("round-robin");
    }

    @Test
    void fixedOrderAlwaysPrefersTheFirstMember() {
        RoutingEngine e = engine(SelectionStrategy.FIXED_ORDER, 0, "a", "b", "c");
        assertThat(serve(e, "c1", 10)).isEqualTo("a");
        assertThat(serve(e, "c2", 10)).isEqualTo("a");
        e.callQueued("c3", "q", 0, ++now);
        e.callQueued("c4", "q", 0, ++now);
        assertThat(offers.subList(2, 4)).extracting(RoutingDecision::agentId).containsExactly("a", "b");
    }

    @Test
    void fewestCallsPrefersTheLeastUsedAgent() {
        RoutingEngine e = engine(SelectionStrategy.FEWEST_CALLS, 0, "a", "b");
        assertThat(serve(e, "c1", 10)).isEqualTo("a");
        assertThat(serve(e, "c2", 10)).isEqualTo("b");
        assertThat(serve(e, "c3", 10)).isEqualTo("a");
        e.agentNotReady("b", "break", ++now);
        serve(e, "c4", 10); // a again: a has 3 calls, b 1
        e.agentReady("b", ++now); // b is now the most recently idle, but has fewer calls
        e.callQueued("c5", "q", 0, ++now);
        assertThat(offers.get(offers.size() - 1).agentId()).isEqualTo("b");
    }

    @Test
    void leastTalkTimePrefersTheAgentWhoTalkedLeast() {
        RoutingEngine e = engine(SelectionStrategy.LEAST_TALK_TIME, 0, "a", "b");
        assertThat(serve(e, "c1", 60_000)).isEqualTo("a");
        assertThat(serve(e, "c2", 1_000)).isEqualTo("b");
        // a is now the longest idle, but has talked 60 s against b's 1 s.
        e.callQueued("c3", "q", 0, ++now);
        assertThat(offers.get(offers.size() - 1).agentId()).isEqualTo("b");
    }

    @Test
    void randomIsRepeatableForTheSameSeedAndEvents() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> picks : List.of(first, second)) {
            offers.clear();
            now = 1_000;
            RoutingEngine e = engine(SelectionStrategy.RANDOM, 0, "a", "b", "c", "d", "e");
            for (int i = 0; i < 20; i++) {
                picks.add(serve(e, "c" + i, 10));
            }
        }
        assertThat(first).isEqualTo(second);
        assertThat(first).containsAnyOf("b", "c", "d", "e");
        assertThat(offers.get(0).strategy()).isEqualTo("random");
    }

    @Test
    void wrapUpKeepsTheAgentFromTheNextCallUntilItEnds() {
        RoutingEngine e = engine(SelectionStrategy.LONGEST_IDLE, 5, "a");
        serve(e, "c1", 10);
        assertThat(e.snapshot().agents().get("a").state()).isEqualTo(AgentState.WRAP_UP);
        e.callQueued("c2", "q", 0, ++now);
        assertThat(offers).hasSize(1);
        e.tick(now + 4_000);
        assertThat(offers).hasSize(1);
        e.tick(now + 5_000);
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).callId()).isEqualTo("c2");
    }

    @Test
    void configurationNamesRoundTrip() {
        for (SelectionStrategy s : SelectionStrategy.values()) {
            assertThat(SelectionStrategy.fromConfig(s.configName())).isEqualTo(s);
        }
        assertThatThrownBy(() -> SelectionStrategy.fromConfig("ring-all"))
                .hasMessageContaining("unknown strategy 'ring-all'");
    }
}
