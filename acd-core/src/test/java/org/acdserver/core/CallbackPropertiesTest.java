package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random event sequences mixing live calls and callbacks (held callers taking or declining a callback, agents
 * answering or missing reservations, customers unreachable with retries, cancels and reschedules), checking: a
 * callback is never dialed while a dial of it is still outstanding, never after it ended, and never while its agent
 * is not reserved for it; and an outstanding dial always holds its agent.
 */
class CallbackPropertiesTest {

    private static final int AGENTS = 12;
    private static final List<String> QUEUES = List.of("q0", "q1");

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> events() {
        return Arbitraries.integers().between(0, 12)
                .flatMap(kind -> Arbitraries.integers().between(0, 10_000)
                        .flatMap(a -> Arbitraries.integers().between(0, 10_000).map(b -> Tuple.of(kind, a, b))))
                .list().ofMinSize(300).ofMaxSize(1_500);
    }

    @Property(tries = 80)
    void aCallbackIsDialedOnceAtATimeAndOnlyWithItsAgentReservedForIt(
            @ForAll("events") List<Tuple.Tuple3<Integer, Integer, Integer>> events) {
        Model m = new Model();
        for (Tuple.Tuple3<Integer, Integer, Integer> e : events) {
            m.apply(e.get1(), e.get2(), e.get3());
            m.check();
        }
        Statistics.collect(m.dialCount > 0 ? "dialed callbacks" : "dialed none");
        // The property says little unless most sequences really dial callbacks.
        Statistics.coverage(c -> c.check("dialed callbacks").percentage(p -> p > 80));
    }

    /** The engine plus what the test knows: live calls, held calls, callbacks and the dials in progress. */
    private static final class Model implements RoutingPort {
        final RoutingEngine engine;
        final List<String> live = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        final List<String> callbacks = new ArrayList<>();
        /** Callback id to the agent its outstanding dial holds. */
        final Map<String, String> dialing = new HashMap<>();
        final Set<String> ended = new HashSet<>();
        long now = 1_000;
        int next;
        int dialCount;

        Model() {
            List<AgentDefinition> agents = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                agents.add(new AgentDefinition("a" + i, "Local/a" + i + "@sim-agent/n",
                        i % 3 == 0 ? QUEUES : List.of(QUEUES.get(i % 2))));
            }
            List<QueueDefinition> queues = List.of(
                    new QueueDefinition("q0", 15, 5, 0, SelectionStrategy.LONGEST_IDLE, 1, Map.of(),
                            List.of(new EscalationRule(3, Map.of(), 1)), 4, 0, null),
                    new QueueDefinition("q1", 15, 5, 2, SelectionStrategy.ROUND_ROBIN, 2));
            engine = new RoutingEngine(new RoutingConfiguration(queues, agents), this, now);
        }

        void apply(int kind, int a, int b) {
            now += b % 700;
            RoutingSnapshot s = engine.snapshot();
            List<RoutingSnapshot.AgentView> reserved = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.RESERVED).toList();
            List<RoutingSnapshot.AgentView> onCall = s.agents().values().stream()
                    .filter(v -> v.state() == AgentState.ON_CALL).toList();
            String agent = "a" + (a % AGENTS);
            switch (kind) {
                case 0, 1 -> {
                    String id = "c" + next++;
                    live.add(id);
                    engine.callQueued(id, QUEUES.get(a % 2), b % 2, now);
                }
                case 2 -> {
                    if (!live.isEmpty()) {
                        String id = live.get(a % live.size());
                        if (engine.callHeld(id, now)) {
                            live.remove(id);
                            held.add(id);
                        }
                    }
                }
                case 3 -> {
                    // A held caller takes a callback (maybe scheduled later), or goes back to the line.
                    if (!held.isEmpty()) {
                        String id = held.remove(a % held.size());
                        if (b % 4 == 0) {
                            engine.callResumed(id, now);
                            live.add(id);
                        } else {
                            String cb = "cb-" + id;
                            long notBefore = b % 4 == 1 ? now + b : 0;
                            assertThat(engine.callbackQueued(new CallbackRequest(cb, id, QUEUES.get(a % 2), 0,
                                    Map.of(), now, notBefore), now)).isTrue();
                            callbacks.add(cb);
                        }
                    }
                }
                case 4 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        engine.offerAnswered(v.callId(), v.id(), now);
                    }
                }
                case 5 -> {
                    if (!reserved.isEmpty()) {
                        var v = reserved.get(a % reserved.size());
                        OfferFailure f = OfferFailure.values()[b % 4];
                        dialing.remove(v.callId());
                        engine.offerFailed(v.callId(), v.id(), f, now);
                        if (f == OfferFailure.CALLER_GONE) {
                            live.remove(v.callId());
                            if (callbacks.remove(v.callId())) {
                                ended.add(v.callId());
                            }
                        }
                    }
                }
                case 6 -> {
                    // The customer leg failed: retry later, or give up.
                    List<String> cbs = new ArrayList<>(dialing.keySet());
                    cbs.sort(null);
                    if (!cbs.isEmpty()) {
                        String cb = cbs.get(a % cbs.size());
                        String holder = dialing.remove(cb);
                        long retry = b % 3 == 0 ? 0 : now + b;
                        engine.callbackAttemptFailed(cb, holder, retry, now);
                        if (retry == 0) {
                            callbacks.remove(cb);
                            ended.add(cb);
                        }
                        assertThat(s.agents().get(holder).callId()).isEqualTo(cb);
                        RoutingSnapshot after = engine.snapshot();
                        assertThat(after.agents().get(holder).callId()).as("agent freed at once").isNotEqualTo(cb);
                    }
                }
                case 7 -> {
                    if (!onCall.isEmpty()) {
                        var v = onCall.get(a % onCall.size());
                        live.remove(v.callId());
                        if (callbacks.remove(v.callId())) {
                            ended.add(v.callId());
                        }
                        dialing.remove(v.callId());
                        engine.callEnded(v.callId(), now);
                    }
                }
                case 8 -> {
                    if (!callbacks.isEmpty()) {
                        String cb = callbacks.get(a % callbacks.size());
                        boolean cancelled = engine.callbackCancelled(cb, now);
                        assertThat(cancelled).as("cancel of %s while dialing", cb).isEqualTo(!dialing.containsKey(cb));
                        if (cancelled) {
                            callbacks.remove(cb);
                            ended.add(cb);
                        }
                    }
                }
                case 9 -> {
                    if (!callbacks.isEmpty()) {
                        String cb = callbacks.get(a % callbacks.size());
                        engine.callbackRescheduled(cb, b % 2 == 0 ? 0 : now + b, now);
                    }
                }
                case 10 -> {
                    if (!live.isEmpty()) {
                        engine.callerHungUp(live.remove(a % live.size()), now);
                    }
                }
                case 11 -> engine.agentNotReady(agent, "break", now);
                default -> {
                    engine.agentReady(agent, now);
                    engine.tick(now);
                }
            }
        }

        @Override
        public void offer(RoutingDecision d) {
            assertThat(d.callId()).doesNotStartWith("cb-");
        }

        @Override
        public void dialCallback(RoutingDecision d) {
            dialCount++;
            assertThat(ended).as("%s dialed after it ended", d.callId()).doesNotContain(d.callId());
            assertThat(dialing).as("%s dialed twice at once", d.callId()).doesNotContainKey(d.callId());
            RoutingSnapshot.AgentView agent = engine.snapshot().agents().get(d.agentId());
            assertThat(agent.state()).isEqualTo(AgentState.RESERVED);
            assertThat(agent.callId()).as("agent %s reserved for the dialed callback", d.agentId())
                    .isEqualTo(d.callId());
            dialing.put(d.callId(), d.agentId());
        }

        /** Every outstanding dial holds its agent, and is neither waiting nor scheduled meanwhile. */
        void check() {
            RoutingSnapshot s = engine.snapshot();
            dialing.forEach((cb, agent) -> {
                RoutingSnapshot.AgentView v = s.agents().get(agent);
                assertThat(v.callId()).as("agent %s still reserved for %s", agent, cb).isEqualTo(cb);
                assertThat(v.state()).isIn(AgentState.RESERVED, AgentState.ON_CALL);
                assertThat(s.scheduledCallbacks()).doesNotContain(cb);
                s.waiting().values().forEach(line -> assertThat(line).doesNotContain(cb));
            });
            for (String cb : ended) {
                assertThat(s.scheduledCallbacks()).doesNotContain(cb);
                s.waiting().values().forEach(line -> assertThat(line).doesNotContain(cb));
            }
            for (String h : held) {
                s.waiting().values().forEach(line -> assertThat(line).doesNotContain(h));
            }
        }
    }
}
