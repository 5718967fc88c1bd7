package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decision log against a plain model that keeps every decision: for any sequence of decisions (calls whose ids
 * share hashes among them, any number of candidates), a call's answer is exactly its decisions whose slot and whose
 * candidate ids were not overwritten yet, the latest {@link DecisionLog#PER_CALL} of them, oldest first.
 */
class DecisionLogPropertiesTest {

    private static final int SLOTS = 8;
    private static final int CANDIDATES = 16;
    /** "Aa" and "BB" have the same hash, as do "AaAa" and "BBBB": the log must tell them apart. */
    private static final List<String> IDS = List.of("Aa", "BB", "AaAa", "BBBB", "c5");

    /** One recorded decision, as the model keeps it. */
    private record Kept(long number, String callId, int attempt, long candidatesAt, List<String> candidates) {
    }

    @Property(tries = 300)
    void answersWhatTheModelKeeps(@ForAll @Size(max = 60) List<@IntRange(max = 4) Integer> calls,
                                  @ForAll @Size(max = 60) List<@IntRange(max = 5) Integer> candidateCounts) {
        DecisionLog log = new DecisionLog(SLOTS, CANDIDATES);
        List<Kept> model = new ArrayList<>();
        long candidatesWritten = 0;
        for (int n = 0; n < calls.size(); n++) {
            String callId = IDS.get(calls.get(n));
            int count = candidateCounts.isEmpty() ? 1 : candidateCounts.get(n % candidateCounts.size());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add("a" + n + "-" + i);
            }
            log.record(view(callId, n + 1, ids));
            model.add(new Kept(n, callId, n + 1, candidatesWritten, ids));
            candidatesWritten += count;
        }
        long recorded = model.size();
        for (String callId : IDS) {
            long written = candidatesWritten;
            List<Kept> expected = model.stream()
                    .filter(k -> k.callId.equals(callId))
                    .filter(k -> k.number >= recorded - SLOTS)
                    .filter(k -> k.candidatesAt >= written - CANDIDATES)
                    .toList();
            expected = expected.subList(Math.max(0, expected.size() - DecisionLog.PER_CALL), expected.size());
            List<RoutingDecision> answer = log.decisionsFor(new String(callId));
            assertThat(answer).allSatisfy(d -> assertThat(d.callId()).isEqualTo(callId));
            assertThat(answer).extracting(RoutingDecision::attempt)
                    .containsExactlyElementsOf(expected.stream().map(Kept::attempt).toList());
            assertThat(answer).extracting(RoutingDecision::candidates)
                    .containsExactlyElementsOf(expected.stream().map(Kept::candidates).toList());
        }
    }

    private static DecisionView view(String callId, int attempt, List<String> candidates) {
        DecisionView d = new DecisionView();
        d.callId = callId;
        d.queue = "sales";
        d.agentId = candidates.isEmpty() ? "none" : candidates.get(0);
        d.endpoint = "Local/" + d.agentId + "@sim-agent/n";
        d.ringTimeoutSeconds = 15;
        d.strategy = RoutingEngine.LONGEST_IDLE;
        d.candidates = new RoutedAgent[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            d.candidates[i] = new RoutedAgent(new AgentDefinition(candidates.get(i), "Local/x@sim-agent/n",
                    List.of("sales")), new int[0], 0);
        }
        d.candidateCount = candidates.size();
        d.waitedMillis = attempt;
        d.attempt = attempt;
        d.priority = 0;
        d.requiredSkills = Map.of();
        d.escalationStep = 0;
        return d;
    }
}
