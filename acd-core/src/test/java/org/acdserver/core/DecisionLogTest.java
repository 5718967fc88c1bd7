package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision log keeps what each decision says, a bounded history per call, and forgets a decision once its slot
 * or its candidate ids were overwritten, instead of returning another call's facts.
 */
class DecisionLogTest {

    private static RoutedAgent agent(String id) {
        return new RoutedAgent(new AgentDefinition(id, "Local/" + id + "@sim-agent/n", List.of("sales")), new int[0],
                0);
    }

    private static DecisionView view(String callId, int attempt, String... candidates) {
        DecisionView d = new DecisionView();
        d.callId = callId;
        d.queue = "sales";
        d.agentId = candidates[0];
        d.endpoint = "Local/" + candidates[0] + "@sim-agent/n";
        d.ringTimeoutSeconds = 15;
        d.strategy = RoutingEngine.LONGEST_IDLE;
        d.candidates = new RoutedAgent[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            d.candidates[i] = agent(candidates[i]);
        }
        d.candidateCount = candidates.length;
        d.waitedMillis = 1_000L * attempt;
        d.attempt = attempt;
        d.priority = 2;
        d.requiredSkills = Map.of("french", 3);
        d.escalationStep = 1;
        return d;
    }

    @Test
    void keepsEveryFactOfADecision() {
        DecisionLog log = new DecisionLog(16, 64);
        DecisionView d = view("c1", 1, "a2", "a1", "a3");
        log.record(d);
        assertThat(log.decisionsFor("c1")).containsExactly(new RoutingDecision("c1", "sales", "a2",
                "Local/a2@sim-agent/n", 15, RoutingEngine.LONGEST_IDLE, List.of("a2", "a1", "a3"), 1_000, 1, 2,
                Map.of("french", 3), 1));
        assertThat(log.decisionsFor("c1")).containsExactly(d.toDecision());
        assertThat(log.decisionsFor("other")).isEmpty();
    }

    @Test
    void aCallKeepsOnlyItsLatestDecisionsOldestFirst() {
        DecisionLog log = new DecisionLog(256, 1024);
        for (int attempt = 1; attempt <= 100; attempt++) {
            log.record(view("c1", attempt, "a" + attempt));
            log.record(view("c" + (attempt + 1), 1, "b"));
        }
        List<Integer> attempts = new ArrayList<>();
        log.decisionsFor("c1").forEach(d -> attempts.add(d.attempt()));
        assertThat(attempts).hasSize(DecisionLog.PER_CALL);
        assertThat(attempts.get(0)).isEqualTo(100 - DecisionLog.PER_CALL + 1);
        assertThat(attempts).isSorted().last().isEqualTo(100);
        assertThat(log.decisionsFor("c1").get(DecisionLog.PER_CALL - 1).agentId()).isEqualTo("a100");
    }

    @Test
    void anOverwrittenSlotEndsTheCallsHistory() {
        DecisionLog log = new DecisionLog(4, 64);
        log.record(view("c1", 1, "a1"));
        log.record(view("c2", 1, "a2"));
        log.record(view("c1", 2, "a3"));
        log.record(view("c3", 1, "a4"));
        log.record(view("c4", 1, "a5"));
        log.record(view("c5", 1, "a6"));
        // Slots hold c1#2, c3, c4, c5: c1's first decision and c2's only one were overwritten.
        assertThat(log.decisionsFor("c1")).extracting(RoutingDecision::attempt).containsExactly(2);
        assertThat(log.decisionsFor("c2")).isEmpty();
        assertThat(log.decisionsFor("c5")).extracting(RoutingDecision::agentId).containsExactly("a6");
    }

    @Test
    void aDecisionWhoseCandidatesWereOverwrittenIsGone() {
        DecisionLog log = new DecisionLog(16, 4);
        log.record(view("c1", 1, "a1", "a2", "a3"));
        log.record(view("c2", 1, "b1", "b2", "b3"));
        assertThat(log.decisionsFor("c1")).isEmpty();
        assertThat(log.decisionsFor("c2")).singleElement()
                .satisfies(d -> assertThat(d.candidates()).containsExactly("b1", "b2", "b3"));
    }

    @Test
    void callsWhoseIdsShareAHashKeepTheirOwnDecisions() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        DecisionLog log = new DecisionLog(16, 64);
        log.record(view("Aa", 1, "a1"));
        log.record(view("BB", 1, "b1"));
        log.record(view("Aa", 2, "a2"));
        assertThat(log.decisionsFor("Aa")).extracting(RoutingDecision::agentId).containsExactly("a1", "a2");
        assertThat(log.decisionsFor("BB")).extracting(RoutingDecision::agentId).containsExactly("b1");
        assertThat(log.decisionsFor(new String("Aa"))).hasSize(2);
    }

    @Test
    void theEngineAnswersWithTheCallsDecisionsAfterManyFailedOffers() {
        List<AgentDefinition> agents = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            agents.add(new AgentDefinition("a" + i, "Local/a" + i + "@sim-agent/n", List.of("sales")));
        }
        List<String> offered = new ArrayList<>();
        RoutingEngine engine = new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 300)), agents), new RoutingPort() {
                    @Override
                    public void offer(RoutingDecision decision) {
                        offered.add(decision.agentId());
                    }
                }, 0);
        engine.callQueued("c1", "sales", 0, 1);
        for (int i = 0; i < 69; i++) {
            engine.offerFailed("c1", offered.get(offered.size() - 1), OfferFailure.NO_ANSWER, 2 + i);
        }
        List<RoutingDecision> kept = engine.decisions("c1");
        assertThat(offered).hasSize(70);
        assertThat(kept).hasSize(DecisionLog.PER_CALL);
        assertThat(kept).extracting(RoutingDecision::agentId)
                .containsExactlyElementsOf(offered.subList(70 - DecisionLog.PER_CALL, 70));
        assertThat(kept).extracting(RoutingDecision::attempt).first().isEqualTo(70 - DecisionLog.PER_CALL + 1);
    }
}
