package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Measures the accuracy of wait estimates in a simulated contact center: Poisson arrivals, exponential handle
 * times, 10 agents at about 95% occupancy, 20,000 calls. Each waiting call's estimate, taken when it joins the
 * queue, is compared with the wait it then had.
 */
class WaitEstimateSimulationTest {

    private static final int AGENTS = 10;
    private static final double AHT_SECONDS = 120;
    private static final int CALLS = 20_000;

    /** A simulation event: an arrival (agent null), an agent answering, or the end of an agent's call. */
    private record Event(long at, String callId, String agent, boolean answer) {
    }

    @Test
    void estimatesTrackActualWaits() {
        SplittableRandom random = new SplittableRandom(2026);
        // Ties: an answer comes before the end of the same call (a zero-length call).
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at())
                : Boolean.compare(b.answer(), a.answer()));
        Map<String, Long> enqueuedAt = new HashMap<>();
        Map<String, Double> estimated = new HashMap<>();
        Map<String, Double> oracle = new HashMap<>();
        List<double[]> pairs = new ArrayList<>();
        long[] now = {0};
        RoutingPort port = d -> {
            Long t = enqueuedAt.remove(d.callId());
            Double est = estimated.remove(d.callId());
            Double best = oracle.remove(d.callId());
            if (est != null && now[0] > t) {
                pairs.add(new double[] {est, (now[0] - t) / 1000.0, best});
            }
            long handle = (long) (-Math.log(1 - random.nextDouble()) * AHT_SECONDS * 1000);
            events.add(new Event(now[0], d.callId(), d.agentId(), true));
            events.add(new Event(now[0] + handle, d.callId(), d.agentId(), false));
        };
        List<AgentDefinition> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(new AgentDefinition("a" + i, "PJSIP/" + i, List.of("q")));
        }
        RoutingEngine engine = new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("q", 15, 0)),
                agents), port, 0);
        double meanGapMillis = AHT_SECONDS * 1000 / (AGENTS * 0.95);
        long t = 0;
        for (int i = 0; i < CALLS; i++) {
            t += (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis);
            events.add(new Event(t, "c" + i, null, false));
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            now[0] = e.at();
            if (e.agent() == null) {
                enqueuedAt.put(e.callId(), now[0]);
                engine.callQueued(e.callId(), "q", 0, now[0]);
                WaitEstimate w = engine.estimate(e.callId());
                if (w != null && "observed".equals(w.method())) {
                    estimated.put(e.callId(), w.expectedSeconds());
                    // The same position with the true handle time: the best any position-based estimate can do.
                    oracle.put(e.callId(), (w.position() - 1.0 / 3) * AHT_SECONDS / AGENTS);
                }
            } else if (e.answer()) {
                engine.offerAnswered(e.callId(), e.agent(), now[0]);
            } else {
                engine.callEnded(e.callId(), now[0]);
            }
        }
        double[] absolute = pairs.stream().mapToDouble(p -> Math.abs(p[0] - p[1])).sorted().toArray();
        double[] actual = pairs.stream().mapToDouble(p -> p[1]).sorted().toArray();
        double[] relative = pairs.stream().mapToDouble(p -> Math.abs(p[0] - p[1]) / p[1]).sorted().toArray();
        double[] oracleRelative = pairs.stream().mapToDouble(p -> Math.abs(p[2] - p[1]) / p[1]).sorted().toArray();
        double meanEstimate = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double meanActual = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
        System.out.printf("wait estimates over %d waiting calls: median absolute error %.1f s (median actual wait "
                        + "%.1f s), median relative error %.0f%% (oracle knowing the true handle time: %.0f%%), "
                        + "mean estimate %.1f s vs mean actual %.1f s%n",
                pairs.size(), absolute[absolute.length / 2], actual[actual.length / 2],
                100 * relative[relative.length / 2], 100 * oracleRelative[oracleRelative.length / 2], meanEstimate,
                meanActual);
        assertThat(pairs.size()).isGreaterThan(CALLS / 4);
        // On average the estimate is right to within a fifth, and a typical call's error is below its wait.
        assertThat(meanEstimate / meanActual).isBetween(0.8, 1.25);
        assertThat(absolute[absolute.length / 2]).isLessThan(actual[actual.length / 2]);
        // Measured handle times cost little against knowing the true one.
        assertThat(relative[relative.length / 2]).isLessThan(oracleRelative[oracleRelative.length / 2] + 0.05);
    }
}
