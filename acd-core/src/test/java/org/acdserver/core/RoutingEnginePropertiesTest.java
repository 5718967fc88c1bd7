package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;


/**
 * Random event sequences against the engine (every strategy, wrap-up, skills with proficiency), checking after every
 * event: no agent holds two calls, no call is held by two agents, the engine is work-conserving, and every offer
 * goes to a qualified agent and takes the best call that agent could take.
 */
class RoutingEnginePropertiesTest {

    private static final int AGENTS = 60;
    private static final int MANY_AGENTS = 1_000;
    private static final List<String> QUEUES = List.of("q0", "q1", "q2", "q3");
    private static final int[] MAX_WAIT = {0, 4, 3, 0};

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> events() {
        return Arbitraries.integers().between(0, 8)
                .flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                        .flatMap(a -> Arbitraries.integers().between(0, 10_000).map(b -> Tuple.of(kind, a, b))))
                .list().ofMinSize(500).ofMaxSize(2_000);
    }

    @Property(tries = 60)
    void invariantsHoldAfterEveryEvent(@ForAll("events") List<Tuple.Tuple3<Integer, Integer, Integer>> events) {
        Model m = new Model();
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            m.apply(e.get1(), e.get2(), e.get3());
            m.check();
        }
        m.checkEveryCallEndedOnceOrIsStillThere();
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> manyEvents() {
        return Arbitraries.integers().between(0, 8)
                .flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                        .flatMap(a -> Arbitraries.integers().between(0, 10_000).map(b -> Tuple.of(kind, a, b))))
                .list().ofMinSize(4_000).ofMaxSize(6_000);
    }

    /** The same invariants at scale: a thousand agents and thousands of calls and events in each run. */
    @Property(tries = 4)
    void invariantsHoldWithAThousandAgents(
            @ForAll("manyEvents") List<Tuple.Tuple3<Integer, Integer, Integer>> events) {
        Model m = new Model(MANY_AGENTS);
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            m.apply(e.get1(), e.get2(), e.get3());
            m.check();
        }
        m.checkEveryCallEndedOnceOrIsStillThere();
        assertThat(m.nextCall).isGreaterThan(500);
        // Calls did queue behind busy agents, so the line discipline was exercised, not just instant answers.
        assertThat(m.decisions).anyMatch(d -> d.waitedMillis() > 0);
    }

    @Property(tries = 20)
    void replayingTheSameEventsGivesTheSameDecisions(
            @ForAll("events") List<Tuple.Tuple3<Integer, Integer, Integer>> events) {
        Model first = new Model();
        Model second = new Model();
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            first.apply(e.get1(), e.get2(), e.get3());
        }
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            second.apply(e.get1(), e.get2(), e.get3());
        }
        assertThat(second.decisions).isEqualTo(first.decisions);
        assertThat(second.engine.snapshot()).isEqualTo(first.engine.snapshot());
    }

    /** The engine, a record of what it offered, and the facts the test needs to judge it. */
    private static final class Model implements RoutingPort {
        final RoutingEngine engine;
        final Map<String, Integer> priority = new HashMap<>();
        final Map<String, Long> arrival = new HashMap<>();
        final Map<String, Long> enqueuedAt = new HashMap<>();
        final Map<String, String> queueOf = new HashMap<>();
        final Map<String, List<String>> agentQueues = new HashMap<>();
        final Map<String, Map<String, Integer>> agentSkills = new HashMap<>();
        final Map<String, Integer> spanishNeeded = new HashMap<>();
        final List<String> live = new ArrayList<>();
        final List<RoutingDecision> decisions = new ArrayList<>();
        final Map<String, CallEnding> endings = new HashMap<>();
        final Set<String> answered = new HashSet<>();
        long now = 1_000;
        long seq;
        int nextCall;

        final int agentCount;

        Model() {
            this(AGENTS);
        }

        Model(int agentCount) {
            this.agentCount = agentCount;
            List<AgentDefinition> agents = new ArrayList<>();
            for (int i = 0; i < agentCount; i++) {
                List<String> qs = List.of(QUEUES.get(i % 4), QUEUES.get((i / 4) % 4));
                List<String> distinct = new ArrayList<>(new LinkedHashSet<>(qs));
                agentQueues.put("a" + i, distinct);
                // Some agents speak spanish, at levels 1-10; calls may need it at 5 or better.
                Map<String, Integer> skills = i % 3 == 0 ? Map.of("spanish", 1 + i % 10) : Map.of();
                agentSkills.put("a" + i, skills);
                agents.add(new AgentDefinition("a" + i, "Local/a" + i + "@sim-agent/n", distinct, skills));
            }
            // Every strategy, with and without wrap-up, across the queues.
            List<QueueDefinition> queues = new ArrayList<>();
            SelectionStrategy[] strategies = SelectionStrategy.values();
            for (int i = 0; i < QUEUES.size(); i++) {
                // q1 overflows into q0 after 4 s or past 30 waiting; q2 hands calls back to their flow after 3 s.
                queues.add(new QueueDefinition(QUEUES.get(i), 15, 5, i % 2 == 0 ? 0 : 2,
                        strategies[i % strategies.length], 42 + i, Map.of(), List.of(), MAX_WAIT[i],
                        i == 1 ? 30 : 0, i == 1 ? "q0" : null));
            }
            engine = new RoutingEngine(new RoutingConfiguration(queues, agents), this, now);
        }

        void apply(int kind, int a, int b) {
            now += b % 500;
            RoutingSnapshot s = engine.snapshot();
            List<RoutingSnapshot.AgentView> reserved = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.RESERVED).toList();
            List<RoutingSnapshot.AgentView> onCall = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.ON_CALL).toList();
            String agent = "a" + (a % agentCount);
            switch (kind) {
                case 0, 1 -> {
                    String id = "c" + nextCall++;
                    String q = QUEUES.get(a % QUEUES.size());
                    priority.put(id, b % 3);
                    arrival.put(id, ++seq);
                    enqueuedAt.put(id, now);
                    queueOf.put(id, q);
                    live.add(id);
                    int spanish = b % 5 == 0 ? 5 : 0;
                    spanishNeeded.put(id, spanish);
                    engine.callQueued(id, q, b % 3, spanish == 0 ? Map.of() : Map.of("spanish", spanish), now);
                }
                case 2 -> {
                    if (!live.isEmpty()) {
                        String id = live.remove(a % live.size());
                        engine.callerHungUp(id, now);
                    }
                }
                case 3 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        engine.offerAnswered(v.callId(), v.id(), now);
                        answered.add(v.callId());
                    }
                }
                case 4 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        engine.offerFailed(v.callId(), v.id(), OfferFailure.values()[b % 4], now);
                        if (OfferFailure.values()[b % 4] == OfferFailure.CALLER_GONE) {
                            live.remove(v.callId());
                        }
                    }
                }
                case 5 -> {
                    if (!onCall.isEmpty()) {
                        var v = onCall.get(a % onCall.size());
                        live.remove(v.callId());
                        engine.callEnded(v.callId(), now);
                    }
                }
                case 6 -> engine.agentNotReady(agent, "break", now);
                case 7 -> engine.agentReady(agent, now);
                default -> {
                    engine.deviceAvailability(agent, b % 2 == 0, now);
                    engine.tick(now);
                    // Right after a tick, no call has waited past its queue's maximum.
                    RoutingSnapshot after = engine.snapshot();
                    for (int i = 0; i < QUEUES.size(); i++) {
                        if (MAX_WAIT[i] > 0) {
                            for (String c : after.waiting().get(QUEUES.get(i))) {
                                assertThat(now - enqueuedAt.get(c)).as("%s waited past the maximum of %s", c,
                                        QUEUES.get(i)).isLessThan(MAX_WAIT[i] * 1000L);
                            }
                        }
                    }
                }
            }
        }

        boolean qualifies(String agent, String call) {
            return agentSkills.get(agent).getOrDefault("spanish", 0) >= spanishNeeded.get(call);
        }

        /** Every offer takes the best call the agent qualifies for: none it could take is left ahead of it. */
        @Override
        public void offer(RoutingDecision d) {
            decisions.add(d);
            RoutingSnapshot s = engine.snapshot();
            int p = priority.get(d.callId());
            long n = arrival.get(d.callId());
            assertThat(qualifies(d.agentId(), d.callId())).as("%s lacks the skill for %s", d.agentId(), d.callId())
                    .isTrue();
            for (String other : s.waiting().get(d.queue())) {
                int op = priority.get(other);
                boolean ahead = op > p || (op == p && arrival.get(other) < n);
                assertThat(ahead && qualifies(d.agentId(), other))
                        .as("%s offered while %s is ahead of it in %s", d.callId(), other, d.queue()).isFalse();
            }
            assertThat(agentQueues.get(d.agentId())).contains(d.queue());
        }

        /** Exactly one terminal state per call, and "answered" only for calls an agent answered. */
        @Override
        public void callLeft(String callId, CallEnding ending) {
            CallEnding before = endings.put(callId, ending);
            assertThat(before).as("call %s ended twice: %s, then %s", callId, before, ending).isNull();
            assertThat(ending == CallEnding.ANSWERED).as("call %s ended %s", callId, ending)
                    .isEqualTo(answered.contains(callId));
        }

        void checkEveryCallEndedOnceOrIsStillThere() {
            RoutingSnapshot s = engine.snapshot();
            Set<String> present = new HashSet<>();
            s.waiting().values().forEach(present::addAll);
            s.agents().values().forEach(v -> {
                if (v.callId() != null) {
                    present.add(v.callId());
                }
            });
            for (String call : arrival.keySet()) {
                assertThat(endings.containsKey(call) ^ present.contains(call))
                        .as("call %s: ended %s, still in the core %s", call, endings.get(call), present.contains(call))
                        .isTrue();
            }
        }

        void check() {
            RoutingSnapshot s = engine.snapshot();
            Set<String> held = new HashSet<>();
            for (RoutingSnapshot.AgentView v : s.agents().values()) {
                if (v.callId() != null) {
                    assertThat(held.add(v.callId())).as("call %s held by two agents", v.callId()).isTrue();
                    assertThat(v.state()).isIn(AgentState.RESERVED, AgentState.ON_CALL);
                } else {
                    assertThat(v.state()).isNotIn(AgentState.RESERVED, AgentState.ON_CALL);
                }
            }
            for (List<String> line : s.waiting().values()) {
                for (String c : line) {
                    assertThat(held).as("call %s both waiting and held", c).doesNotContain(c);
                }
            }
            // Work-conserving: a ready agent whose device is free never coexists with a call it could take.
            for (RoutingSnapshot.AgentView v : s.agents().values()) {
                if (v.state() == AgentState.READY && engine.deviceAvailable(v.id())) {
                    for (String q : agentQueues.get(v.id())) {
                        for (String c : s.waiting().get(q)) {
                            assertThat(qualifies(v.id(), c)).as("agent %s ready while %s waits in %s", v.id(), c, q)
                                    .isFalse();
                        }
                    }
                }
            }
        }
    }
}
