package org.acdserver.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.infra.Blackhole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The routing cycle's tail timed op by op, beside the machine's own, without a benchmark harness in between.
 *
 * <p>Why: under JMH's sample-time mode an operation that only does arithmetic ({@link MachineTailBenchmark}) shows a
 * p99.9 of 40-50 us on this project's 2-core VM, so {@link RoutingEngineBenchmark#callCycleLatency} cannot show
 * anything below that. This tool asks whether that floor belongs to the machine or to the way it is measured.
 *
 * <p>Method: the state of {@link RoutingEngineBenchmark} (1,000 agents, 50 skills, 10,000 waiting), then
 * {@code --warmup} rounds untimed for the JIT, then {@code --ops} rounds. Each round times one routing cycle and then
 * one arithmetic operation of about the same length ({@code Blackhole.consumeCPU(400)}, as in
 * {@link MachineTailBenchmark}), every one of them, with {@code System.nanoTime()} around each. Since the two
 * alternate op by op, the machine's interruptions fall on both alike. It prints the p50, p99, p99.9 and p99.99 of
 * each, and how many operations of each took over 20 us; then the same percentiles as JMH's sample-time mode would
 * estimate them from the same times ({@link SampleTimeReplay}), which is where JMH's higher p99.9 comes from. Both samples are kept in arrays allocated before the timed
 * rounds, so nothing allocates while timing. Run it in a JVM of its own, as the README does.
 */
@Command(name = "routing-tail", mixinStandardHelpOptions = true)
public final class RoutingTail implements Callable<Integer> {

    /** As {@link MachineTailBenchmark}: about as long as one routing cycle. */
    private static final long ARITHMETIC_TOKENS = 400;
    private static final double[] PERCENTILES = {0.5, 0.99, 0.999, 0.9999};
    /** As long as one measured iteration of {@link RoutingEngineBenchmark}, which sets how often JMH halves. */
    private static final long JMH_ITERATION_MILLIS = jmhIterationMillis(
            RoutingEngineBenchmark.class.getAnnotation(Measurement.class));

    @Option(names = "--ops", defaultValue = "5000000", description = "timed rounds (one routing cycle and one "
            + "arithmetic operation each)")
    int ops;

    @Option(names = "--warmup", defaultValue = "2000000", description = "untimed rounds first, for the JIT")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RoutingTail()).execute(args));
    }

    @Override
    public Integer call() {
        if (ops < 10_000 || warmup < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--ops must be 10000 or more (a p99.99 needs them) and --warmup 0 or more");
        }
        RoutingEngineBenchmark state = new RoutingEngineBenchmark();
        state.setUp();
        long[] engine = new long[ops];
        long[] arithmetic = new long[ops];
        // A cycle changes the engine's state, so the JIT cannot drop it; the count only shows the load held steady.
        for (int i = 0; i < warmup; i++) {
            state.cycle();
            Blackhole.consumeCPU(ARITHMETIC_TOKENS);
        }
        long ended = 0;
        for (int i = 0; i < ops; i++) {
            long start = System.nanoTime();
            ended += state.cycle() == null ? 0 : 1;
            long between = System.nanoTime();
            Blackhole.consumeCPU(ARITHMETIC_TOKENS);
            long end = System.nanoTime();
            engine[i] = between - start;
            arithmetic[i] = end - between;
        }
        // Replayed in the order timed, before sorting: JMH's schedule depends on it.
        String engineAsJmh = jmhEstimate(engine);
        String arithmeticAsJmh = jmhEstimate(arithmetic);
        Arrays.sort(engine);
        Arrays.sort(arithmetic);
        System.out.printf(Locale.ROOT, "%d rounds timed after %d untimed, %d of them ended an agent's call; in us, "
                + "p50 / p99 / p99.9 / p99.99%n", ops, warmup, ended);
        System.out.printf(Locale.ROOT, "routing cycle: %s; over 20 us: %d%n", percentiles(engine),
                over(engine, 20_000));
        System.out.printf(Locale.ROOT, "arithmetic:    %s; over 20 us: %d%n", percentiles(arithmetic),
                over(arithmetic, 20_000));
        System.out.printf(Locale.ROOT, "the same times as JMH's sample-time mode estimates them (%d ms iterations):%n",
                JMH_ITERATION_MILLIS);
        System.out.printf(Locale.ROOT, "routing cycle: %s%n", engineAsJmh);
        System.out.printf(Locale.ROOT, "arithmetic:    %s%n", arithmeticAsJmh);
        return 0;
    }

    private static long jmhIterationMillis(Measurement measurement) {
        return measurement.timeUnit().toMillis(measurement.time());
    }

    /** The percentiles JMH's sample-time mode would report for these times, in order, as {@link #percentiles}. */
    private static String jmhEstimate(long[] inOrder) {
        SampleTimeReplay replay = new SampleTimeReplay(JMH_ITERATION_MILLIS, (int) System.nanoTime());
        for (long t : inOrder) {
            replay.add(t);
        }
        return joined(replay::quantile);
    }

    private static String percentiles(long[] sorted) {
        return joined(q -> sorted[NearestRank.index(sorted.length, q)]);
    }

    /** {@link #PERCENTILES} of a distribution given as quantile to nanoseconds, in us, joined by " / ". */
    private static String joined(DoubleUnaryOperator nanosAt) {
        StringJoiner s = new StringJoiner(" / ");
        for (double q : PERCENTILES) {
            s.add(String.format(Locale.ROOT, "%.2f", nanosAt.applyAsDouble(q) / 1000.0));
        }
        return s.toString();
    }

    /** How many of the sorted values exceed {@code nanos}: the few at the top. */
    private static long over(long[] sorted, long nanos) {
        int n = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] > nanos; i--) {
            n++;
        }
        return n;
    }
}
