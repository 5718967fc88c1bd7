package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In steady state the engine allocates nothing per event or decision: calls arrive and wait, agents finish calls
 * and take the best waiting one, offers are answered, with skills, priorities and several lines per queue, and the
 * heap bytes the routing thread allocates over thousands of such cycles (agent-state reports included) stay at
 * zero. Measured with the JVM's per-thread allocation counter, so it holds without a JIT's escape analysis having
 * removed anything.
 */
class SteadyStateAllocationTest {

    private static final int AGENTS = 100;
    private static final int QUEUES = 10;
    private static final int WAITING = 1_000;
    private static final int IDS = 1 << 16;

    private final String[] callIds = new String[IDS];
    private final String[] agentIds = new String[AGENTS];
    private final String[] queueIds = new String[QUEUES];
    private final String[] callOfAgent = new String[AGENTS];
    private final Map<String, Integer> agentNumber = new HashMap<>();
    private final List<Map<String, Integer>> extraSkills = List.of(Map.of(), Map.of("skill1", 3), Map.of());
    private RoutingEngine engine;
    private int nextCall;
    private long now;
    private long decisions;
    private long agentChanges;

    /** Reads each decision and agent-state change from the reused views, as a port on the routing thread should. */
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void decided(DecisionView decision) {
            callOfAgent[agentNumber.get(decision.agentId())] = decision.callId();
            decisions++;
        }

        @Override
        public void offer(RoutingDecision decision) {
            throw new AssertionError("decisions come through decided");
        }

        @Override
        public void agentActivityChanged(AgentStateView change) {
            if (change.activity() != null && change.agentId() != null) {
                agentChanges++;
            }
        }

        @Override
        public void agentStateChanged(AgentStateChange change) {
            throw new AssertionError("agent-state changes come through agentActivityChanged");
        }
    };

    @Test
    void callCyclesAllocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        setUp();
        // Past every first-time growth (maps, pools, arrays): the call ids wrap once before the measured cycles.
        for (int i = 0; i < IDS + 10_000; i++) {
            cycle();
        }
        long decided = decisions;
        long changed = agentChanges;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            cycle();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One reading of the counter itself may cost a few bytes; a single object per cycle would be 20,000 x 16.
        assertThat(allocated).as("bytes allocated by 20,000 call cycles").isLessThan(1_000);
        assertThat(decisions - decided).as("decisions made in the measured cycles").isGreaterThan(10_000);
        // Each such cycle changes an agent's activity (ringing, on call, ready): the reports are made, for free.
        assertThat(agentChanges - changed).as("agent-state changes reported in the measured cycles")
                .isGreaterThan(30_000);
    }

    private void setUp() {
        List<QueueDefinition> queues = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            queueIds[q] = "queue" + q;
            queues.add(new QueueDefinition(queueIds[q], 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 1,
                    Map.of("skill" + (q % 5), 3)));
        }
        List<AgentDefinition> agents = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            agentIds[a] = "agent" + a;
            agentNumber.put(agentIds[a], a);
            Map<String, Integer> skills = new HashMap<>();
            for (int k = 0; k < 5; k++) {
                skills.put("skill" + k, 3 + (a + k) % 5);
            }
            agents.add(new AgentDefinition(agentIds[a], "PJSIP/" + a,
                    List.of(queueIds[a % QUEUES], queueIds[(a * 3 + 1) % QUEUES]), skills));
        }
        for (int i = 0; i < IDS; i++) {
            callIds[i] = "call" + i;
        }
        engine = new RoutingEngine(new RoutingConfiguration(queues, agents), port, now);
        for (int i = 0; i < AGENTS + WAITING; i++) {
            arrive();
        }
        for (int a = 0; a < AGENTS; a++) {
            if (callOfAgent[a] != null) {
                engine.offerAnswered(callOfAgent[a], agentIds[a], now);
            }
        }
    }

    private void arrive() {
        int n = nextCall++ & (IDS - 1);
        engine.callQueued(callIds[n], queueIds[n % QUEUES], n % 3 == 0 ? 1 : 0, extraSkills.get(n % 3), ++now);
    }

    /** A call arrives, an agent's call ends and the agent is offered the best waiting call, which it answers. */
    private void cycle() {
        arrive();
        int a = nextCall % AGENTS;
        String call = callOfAgent[a];
        if (call == null) {
            return;
        }
        callOfAgent[a] = null;
        engine.callEnded(call, ++now);
        if (callOfAgent[a] != null) {
            engine.offerAnswered(callOfAgent[a], agentIds[a], ++now);
        }
    }
}
