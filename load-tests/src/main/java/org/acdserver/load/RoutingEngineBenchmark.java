package org.acdserver.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.DecisionView;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingDecision;
import org.acdserver.core.RoutingEngine;
import org.acdserver.core.RoutingPort;
import org.acdserver.core.SelectionStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The routing engine on one thread under a steady full load: 1,000 agents in 50 queues (each agent in two) with
 * 50 skills (each agent has three, at proficiencies 3-10; each queue needs one at 3 or better, and every fifth call
 * asks for a second skill), all busy, 10,000 calls waiting. One operation is one call's cycle through the engine,
 * three events: a call arrives, an agent's call ends (the engine offers that agent the best call of its queues), and
 * the new offer is answered. Throughput mode gives events per second (3 per op); sample-time mode gives the latency
 * of one cycle.
 *
 * <p>Steady means steady: a call's second skill is one that a fixed share of its queue's members have (the skill of
 * queue {@code 7q+3 mod 50}, which every agent whose first queue is {@code q} has), so every call can be served, the
 * freed agent always finds a call, every agent stays busy and exactly 10,000 calls wait throughout. (A second skill
 * drawn at random left some calls with no qualified member: they piled up by the hundred thousand, agents who
 * qualified for nothing left stayed idle, and the benchmark measured a growing backlog instead of its stated load.)
 * The state is built once per fork, not per iteration: the load stays the same from iteration to iteration, and
 * {@code -prof gc} no longer counts the million call ids of a rebuild as allocation of the calls measured.
 *
 * <p>The port reads each decision from the core's reused {@link DecisionView} and keeps what it needs in arrays by
 * agent, as a port on the routing thread should, so that {@code -prof gc} shows what the engine itself allocates.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RoutingEngineBenchmark {

    static final int AGENTS = 1_000;
    static final int QUEUES = 50;
    static final int WAITING = 10_000;
    static final int SKILLS = 50;
    static final int IDS = 1 << 20;

    private RoutingEngine engine;
    private final Offers offers = new Offers();
    private String[] callIds;
    private String[] queueIds;
    private String[] skillIds;
    private Map<String, Integer>[] extraSkills;
    private String[] agentIds;
    private int nextCall;
    private long now;

    /** Remembers the last offer, so the benchmark can answer it, and what each agent holds (by agent number). */
    static final class Offers implements RoutingPort {
        final Map<String, Integer> agentNumber = new HashMap<>();
        String[] callOfAgent = new String[0];
        String lastAgent;
        String lastCall;

        @Override
        public void decided(DecisionView decision) {
            lastAgent = decision.agentId();
            lastCall = decision.callId();
            callOfAgent[agentNumber.get(lastAgent)] = lastCall;
        }

        @Override
        public void offer(RoutingDecision decision) {
            throw new UnsupportedOperationException("decisions come through decided");
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        queueIds = new String[QUEUES];
        List<QueueDefinition> queues = new ArrayList<>();
        skillIds = new String[SKILLS];
        for (int k = 0; k < SKILLS; k++) {
            skillIds[k] = "skill" + k;
        }
        for (int q = 0; q < QUEUES; q++) {
            queueIds[q] = "queue" + q;
            queues.add(new QueueDefinition(queueIds[q], 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 1,
                    Map.of(skillIds[q % SKILLS], 3)));
        }
        List<AgentDefinition> agents = new ArrayList<>();
        agentIds = new String[AGENTS];
        for (int a = 0; a < AGENTS; a++) {
            agentIds[a] = "agent" + a;
            int q1 = a % QUEUES;
            int q2 = (a * 7 + 3) % QUEUES;
            Map<String, Integer> skills = new HashMap<>();
            skills.put(skillIds[q1 % SKILLS], 3 + a % 8);
            skills.put(skillIds[q2 % SKILLS], 3 + (a / 8) % 8);
            skills.put(skillIds[(a * 13 + 5) % SKILLS], 3 + (a / 64) % 8);
            agents.add(new AgentDefinition(agentIds[a], "PJSIP/" + a, List.of(queueIds[q1], queueIds[q2]), skills));
        }
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] extra = new Map[SKILLS * 5];
        for (int i = 0; i < extra.length; i++) {
            // Call n has extra[n % 250] and waits in queue n % 50 = i % 50.
            extra[i] = i % 5 == 0 ? Map.of(skillIds[(7 * (i % QUEUES) + 3) % SKILLS], 3) : Map.of();
        }
        extraSkills = extra;
        callIds = new String[IDS];
        for (int i = 0; i < IDS; i++) {
            callIds[i] = "call" + i;
        }
        now = 0;
        nextCall = 0;
        offers.agentNumber.clear();
        for (int a = 0; a < AGENTS; a++) {
            offers.agentNumber.put(agentIds[a], a);
        }
        offers.callOfAgent = new String[AGENTS];
        engine = new RoutingEngine(new RoutingConfiguration(queues, agents), offers, now);
        // Every agent takes a call, then 10,000 more wait.
        for (int i = 0; i < AGENTS + WAITING; i++) {
            arrive();
        }
        for (int a = 0; a < AGENTS; a++) {
            if (offers.callOfAgent[a] != null) {
                engine.offerAnswered(offers.callOfAgent[a], agentIds[a], now);
            }
        }
    }

    private void arrive() {
        int n = nextCall++ & (IDS - 1);
        engine.callQueued(callIds[n], queueIds[n % QUEUES], n % 3 == 0 ? 1 : 0, extraSkills[n % extraSkills.length],
                ++now);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void callCycle(Blackhole bh) {
        bh.consume(cycle());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void callCycleLatency(Blackhole bh) {
        bh.consume(cycle());
    }

    /**
     * As {@link #callCycleLatency}, with each cycle also timed by the method itself into {@link OpTimes}, so that
     * {@code -prof org.acdserver.load.TailProfiler} reports the exact percentiles of the very operations that JMH's
     * sample-time mode samples.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void callCycleTail(Blackhole bh) {
        long start = System.nanoTime();
        String answered = cycle();
        OpTimes.record(System.nanoTime() - start);
        bh.consume(answered);
    }

    /** One call's cycle (see the class comment); returns the call the freed agent answered, or null. */
    String cycle() {
        arrive();
        int a = nextCall % AGENTS;
        String agent = agentIds[a];
        String call = offers.callOfAgent[a];
        if (call == null) {
            return null;
        }
        offers.callOfAgent[a] = null;
        offers.lastAgent = null;
        engine.callEnded(call, ++now);
        if (agent.equals(offers.lastAgent)) {
            engine.offerAnswered(offers.lastCall, agent, now);
        }
        return offers.lastCall;
    }
}
