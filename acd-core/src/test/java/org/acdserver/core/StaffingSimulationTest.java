package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Staffing advice checked against the routing engine itself: Poisson arrivals at the measured rate, exponential
 * handle times of the measured mean, the advised number of agents, run through a real {@link RoutingEngine} on a
 * simulated clock (events in time order; the engine reads time only from them). Offers are answered at once, so the
 * wait is the time from entering the queue to the offer. Callers with a patience abandon once it runs out.
 */
class StaffingSimulationTest {

    /** The service level measured in a simulation: answered within T over all calls (abandoned ones included). */
    private record Run(double serviceLevel, double waitProbability, double abandonShare, int calls) {
    }

    private record Event(long at, int kind, String callId, String agent) {
        static final int ARRIVAL = 0;
        static final int ANSWER = 1;
        static final int END = 2;
        static final int ABANDON = 3;
    }

    /** Simulates {@code calls} calls; the first tenth warms the system up and is not measured. */
    private static Run simulate(int agents, double callsPerSecond, double handleSeconds, double patienceSeconds,
                                double targetSeconds, int calls, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at())
                : Integer.compare(a.kind() == Event.ANSWER ? -1 : a.kind(), b.kind() == Event.ANSWER ? -1 : b.kind()));
        Map<String, Long> arrivedAt = new HashMap<>();
        Map<String, Long> waited = new HashMap<>();
        Set<String> abandoned = new HashSet<>();
        long[] now = {0};
        RoutingPort port = d -> {
            waited.put(d.callId(), now[0] - arrivedAt.get(d.callId()));
            events.add(new Event(now[0], Event.ANSWER, d.callId(), d.agentId()));
            events.add(new Event(now[0] + exponentialMillis(random, handleSeconds), Event.END, d.callId(),
                    d.agentId()));
        };
        List<AgentDefinition> staff = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            staff.add(new AgentDefinition("a" + i, "PJSIP/a" + i, List.of("q")));
        }
        RoutingEngine engine = new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("q", 15, 0)),
                staff), port, 0);
        long t = 0;
        for (int i = 0; i < calls; i++) {
            t += exponentialMillis(random, 1 / callsPerSecond);
            events.add(new Event(t, Event.ARRIVAL, "c" + i, null));
            if (patienceSeconds > 0) {
                events.add(new Event(t + exponentialMillis(random, patienceSeconds), Event.ABANDON, "c" + i, null));
            }
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            now[0] = e.at();
            switch (e.kind()) {
                case Event.ARRIVAL -> {
                    arrivedAt.put(e.callId(), now[0]);
                    engine.callQueued(e.callId(), "q", 0, now[0]);
                }
                case Event.ANSWER -> engine.offerAnswered(e.callId(), e.agent(), now[0]);
                case Event.END -> engine.callEnded(e.callId(), now[0]);
                default -> {
                    if (!waited.containsKey(e.callId())) {
                        abandoned.add(e.callId());
                        engine.callerHungUp(e.callId(), now[0]);
                    }
                }
            }
        }
        int measured = 0;
        int inTarget = 0;
        int waitedAtAll = 0;
        int gaveUp = 0;
        for (int i = calls / 10; i < calls; i++) {
            String id = "c" + i;
            measured++;
            Long w = waited.get(id);
            if (w == null) {
                assertThat(abandoned).contains(id);
                gaveUp++;
                waitedAtAll++;
                continue;
            }
            if (w > 0) {
                waitedAtAll++;
            }
            if (w <= targetSeconds * 1000) {
                inTarget++;
            }
        }
        return new Run((double) inTarget / measured, (double) waitedAtAll / measured, (double) gaveUp / measured,
                measured);
    }

    private static long exponentialMillis(SplittableRandom random, double meanSeconds) {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * meanSeconds * 1000));
    }

    @Test
    void theTextbookCaseRunThroughTheEngine() {
        // 360 calls per 30 minutes, 240 s handle time, 55 agents: about 24% wait, about 85% answered within 15 s.
        assertThat(ErlangC.probabilityOfWaiting(55, 48)).isCloseTo(0.24, within(0.005));
        assertThat(ErlangC.serviceLevel(55, 48, 240, 15)).isCloseTo(0.85, within(0.005));
        StaffingAdvice advice = Staffing.advise(360.0 / 1800, 240, 15, 0.80, 0, 0);
        assertThat(advice.agents()).isEqualTo(55);
        assertThat(advice.model()).isEqualTo("erlang-c");
        Run run = simulate(advice.agents(), 360.0 / 1800, 240, 0, 15, 60_000, 11);
        System.out.printf("textbook case, 55 agents through the engine: %.1f%% waited (Erlang C %.1f%%), "
                        + "%.1f%% answered within 15 s (Erlang C %.1f%%), %d calls%n", 100 * run.waitProbability(),
                100 * advice.predictedWaitProbability(), 100 * run.serviceLevel(),
                100 * advice.predictedServiceLevel(), run.calls());
        assertThat(run.waitProbability()).isCloseTo(advice.predictedWaitProbability(), within(0.05));
        assertThat(run.serviceLevel()).isCloseTo(advice.predictedServiceLevel(), within(0.05));
        assertThat(run.serviceLevel()).isGreaterThanOrEqualTo(0.80 - 0.05);
    }

    @Test
    void erlangCAdviceFromAMeasuredIntervalMeetsTheTarget() {
        // Measured in a 15-minute interval: 150 calls offered, 180 s average handle time; target 80% in 20 s.
        double rate = 150.0 / 900;
        StaffingAdvice advice = Staffing.advise(rate, 180, 20, 0.80, 0.01, 300);
        assertThat(advice.model()).isEqualTo("erlang-c");
        Run run = simulate(advice.agents(), rate, 180, 0, 20, 40_000, 7);
        System.out.printf("%.1f calls/min, AHT 180 s, target 80%%/20 s: %d agents advised (Erlang C, predicted "
                        + "%.1f%%), %.1f%% in the engine%n", rate * 60, advice.agents(),
                100 * advice.predictedServiceLevel(), 100 * run.serviceLevel());
        assertThat(run.serviceLevel()).isGreaterThanOrEqualTo(0.80 - 0.05);
        assertThat(run.serviceLevel()).isCloseTo(advice.predictedServiceLevel(), within(0.05));
        // One agent fewer falls short of the model's own target: the advice is the fewest.
        assertThat(ErlangC.serviceLevel(advice.agents() - 1, advice.trafficErlangs(), 180, 20)).isLessThan(0.80);
    }

    @Test
    void erlangAAdviceWhereCallersAbandonMeetsTheTargetCountingAbandons() {
        // Measured: 0.25 calls/s, 200 s handle time, 12% abandoning with a mean patience of 60 s; target 80% in 20 s.
        double rate = 0.25;
        StaffingAdvice advice = Staffing.advise(rate, 200, 20, 0.80, 0.12, 60);
        assertThat(advice.model()).isEqualTo("erlang-a");
        StaffingAdvice withoutAbandons = Staffing.advise(rate, 200, 20, 0.80, 0, 0);
        Run run = simulate(advice.agents(), rate, 200, 60, 20, 40_000, 5);
        System.out.printf("0.25 calls/s, AHT 200 s, patience 60 s, target 80%%/20 s: %d agents advised (Erlang A, "
                        + "predicted %.1f%% in target, %.1f%% abandoning; Erlang C would say %d), engine: %.1f%% in "
                        + "target, %.1f%% abandoned%n", advice.agents(), 100 * advice.predictedServiceLevel(),
                100 * advice.predictedAbandonProbability(), withoutAbandons.agents(), 100 * run.serviceLevel(),
                100 * run.abandonShare());
        assertThat(run.serviceLevel()).isGreaterThanOrEqualTo(0.80 - 0.05);
        assertThat(run.serviceLevel()).isCloseTo(advice.predictedServiceLevel(), within(0.05));
        assertThat(run.abandonShare()).isCloseTo(advice.predictedAbandonProbability(), within(0.03));
        assertThat(advice.agents()).isLessThanOrEqualTo(withoutAbandons.agents());
    }
}
