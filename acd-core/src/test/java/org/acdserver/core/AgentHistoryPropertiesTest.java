package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random event sequences (calls, answers, failed offers, hang-ups, holds, pauses, sign-outs, phones coming and
 * going, ticks) against the engine, checking after every event that the agent-state history the port received
 * tells the engine's own state: each agent's last entry is what the agent does now, with its call or reason, and
 * the entries form a well-made sequence (in time order, no entry repeating the one before, a sign-in only after a
 * sign-out or at the start, and at once followed by what the agent signed in to).
 */
class AgentHistoryPropertiesTest {

    private static final int AGENTS = 8;

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> events() {
        return Arbitraries.integers().between(0, 10)
                .flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                        .flatMap(a -> Arbitraries.integers().between(0, 10_000).map(b -> Tuple.of(kind, a, b))))
                .list().ofMinSize(300).ofMaxSize(1_500);
    }

    @Property(tries = 80)
    void theHistoryAlwaysTellsWhatEachAgentDoes(
            @ForAll("events") List<Tuple.Tuple3<Integer, Integer, Integer>> events) {
        Model m = new Model();
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            m.apply(e.get1(), e.get2(), e.get3());
            m.check();
        }
    }

    private static final class Model implements RoutingPort {
        final Map<String, List<AgentStateChange>> history = new HashMap<>();
        final Map<String, Boolean> holding = new HashMap<>();
        final RoutingEngine engine;
        long now = 1_000;
        int nextCall;

        Model() {
            List<AgentDefinition> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                agents.add(new AgentDefinition("a" + i, "PJSIP/a" + i, i % 3 == 0 ? List.of("q0", "q1")
                        : List.of("q" + i % 2)));
            }
            engine = new RoutingEngine(new RoutingConfiguration(List.of(
                    new QueueDefinition("q0", 15, 3, 0, SelectionStrategy.LONGEST_IDLE, 0),
                    new QueueDefinition("q1", 15, 0, 2, SelectionStrategy.ROUND_ROBIN, 0)), agents), this, now);
        }

        @Override
        public void offer(RoutingDecision decision) {
        }

        @Override
        public void agentStateChanged(AgentStateChange change) {
            history.computeIfAbsent(change.agentId(), k -> new ArrayList<>()).add(change);
        }

        void apply(int kind, int a, int b) {
            now += b % 700;
            RoutingSnapshot s = engine.snapshot();
            List<RoutingSnapshot.AgentView> reserved = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.RESERVED).toList();
            List<RoutingSnapshot.AgentView> onCall = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.ON_CALL).toList();
            String agent = "a" + a % AGENTS;
            AgentStateCause cause = AgentStateCause.values()[b % AgentStateCause.values().length];
            switch (kind) {
                case 0, 1 -> engine.callQueued("c" + nextCall++, "q" + a % 2, b % 2, now);
                case 2 -> engine.callerHungUp("c" + a % Math.max(1, nextCall), now);
                case 3 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        engine.offerAnswered(v.callId(), v.id(), now);
                    }
                }
                case 4 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        engine.offerFailed(v.callId(), v.id(), OfferFailure.values()[b % 4], now);
                    }
                }
                case 5 -> {
                    if (!onCall.isEmpty()) {
                        engine.callEnded(onCall.get(a % onCall.size()).callId(), now);
                    }
                }
                case 6 -> {
                    if (!onCall.isEmpty()) {
                        engine.agentHold(onCall.get(a % onCall.size()).id(), b % 2 == 0, cause, now);
                    }
                }
                case 7 -> engine.agentNotReady(agent, b % 3 == 0 ? "lunch" : "break", cause, now);
                case 8 -> engine.agentReady(agent, cause, now);
                case 9 -> engine.agentLoggedOut(agent, cause, now);
                default -> {
                    engine.deviceAvailability(agent, b % 3 != 0, cause, now);
                    engine.tick(now);
                }
            }
        }

        void check() {
            RoutingSnapshot s = engine.snapshot();
            for (RoutingSnapshot.AgentView v : s.agents().values()) {
                List<AgentStateChange> h = history.get(v.id());
                assertThat(h).as("agent %s has a history", v.id()).isNotEmpty();
                AgentStateChange last = h.get(h.size() - 1);
                String what = v.id() + " " + v.state() + " but reported " + last;
                switch (v.state()) {
                    case LOGGED_OUT -> assertThat(last.activity()).as(what).isEqualTo(AgentActivity.LOGGED_OUT);
                    case READY -> assertThat(last.activity()).as(what).isEqualTo(engine.deviceAvailable(v.id())
                            ? AgentActivity.READY : AgentActivity.UNAVAILABLE);
                    case RESERVED -> {
                        assertThat(last.activity()).as(what).isEqualTo(AgentActivity.RINGING);
                        assertThat(last.callId()).as(what).isEqualTo(v.callId());
                    }
                    case ON_CALL -> {
                        assertThat(last.activity()).as(what).isIn(AgentActivity.ON_CALL, AgentActivity.ON_HOLD);
                        assertThat(last.callId()).as(what).isEqualTo(v.callId());
                    }
                    case WRAP_UP -> assertThat(last.activity()).as(what).isEqualTo(AgentActivity.WRAP_UP);
                    case NOT_READY -> {
                        assertThat(last.activity()).as(what).isEqualTo(AgentActivity.NOT_READY);
                        assertThat(last.reason()).as(what).isEqualTo(v.notReadyReason());
                    }
                }
                for (int i = 0; i < h.size(); i++) {
                    AgentStateChange c = h.get(i);
                    AgentStateChange before = i == 0 ? null : h.get(i - 1);
                    if (before != null) {
                        assertThat(c.atMillis()).isGreaterThanOrEqualTo(before.atMillis());
                        assertThat(c.activity() == before.activity() && Objects.equals(c.reason(), before.reason()))
                                .as("%s repeats %s", c, before).isFalse();
                    }
                    if (c.activity() == AgentActivity.LOGGED_IN) {
                        assertThat(before == null || before.activity() == AgentActivity.LOGGED_OUT)
                                .as("%s after %s", c, before).isTrue();
                        assertThat(i + 1).as("%s is followed by what the agent signed in to", c).isLessThan(h.size());
                        assertThat(h.get(i + 1).activity()).isNotIn(AgentActivity.LOGGED_IN,
                                AgentActivity.LOGGED_OUT);
                        assertThat(h.get(i + 1).atMillis()).isEqualTo(c.atMillis());
                    }
                    if (c.activity() == AgentActivity.RINGING || c.activity() == AgentActivity.ON_CALL
                            || c.activity() == AgentActivity.ON_HOLD || c.activity() == AgentActivity.WRAP_UP) {
                        assertThat(c.callId()).as("%s names its call", c).isNotNull();
                        assertThat(c.queue()).as("%s names its queue", c).isNotNull();
                    }
                    if (c.activity() == AgentActivity.WRAP_UP) {
                        assertThat(before.callId()).as("wrap-up %s follows its call", c).isEqualTo(c.callId());
                    }
                }
            }
        }
    }
}
