package org.acdserver.load;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH benchmarks of the code as it is now side by side with the same benchmarks built from an earlier commit,
 * in one session, and prints both sides' figures with their spread.
 *
 * <p>{@code compare-baseline.sh} builds the baseline: the earlier commit's sources relocated into
 * {@code org.acdserver.baseline.*}, and each benchmark class {@code X} of this package as
 * {@code org.acdserver.baseline.load.BaselineX}, so both versions load side by side from one class path.
 *
 * <p>Method: the run is made of rounds. In each round every benchmark method runs once per side, each in its own
 * forked JVM as JMH always does, and the side that goes first alternates from one round to the next, so slow drifts
 * of a shared machine (other load, heat) fall on both sides alike. The summary gives, per side, the mean over every
 * measured iteration of every round with the lowest and highest iteration, each round's own mean, the allocation
 * per operation when {@code -prof gc} is on, and for sample-time benchmarks the p50, p99 and p99.9 of each round
 * (the median round, and the lowest and highest). Last comes the paired view: in each round the two sides ran back
 * to back, under nearly the same load, so the ratio of their round means (current over baseline) varies far less
 * than either side alone; its median over the rounds is the comparison's best single figure on a busy machine.
 *
 * <p>Usage: {@code BenchmarkComparison [--rounds N] Class[.method]... [-- JMH options]}. JMH options must not name
 * benchmarks: the comparison chooses them.
 */
public final class BenchmarkComparison {

    private static final String CURRENT_PACKAGE = "org.acdserver.load.";
    private static final String BASELINE_PACKAGE = "org.acdserver.baseline.load.";
    private static final String BASELINE_PREFIX = "Baseline";
    private static final double[] PERCENTILES = {50, 99, 99.9};

    /** One benchmark method of one side. */
    private record Side(String label, String benchmark, List<RunResult> rounds) {
    }

    private BenchmarkComparison() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException,
            ClassNotFoundException {
        int rounds = 3;
        List<String> targets = new ArrayList<>();
        String[] jmhArgs = new String[0];
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--" -> {
                    jmhArgs = Arrays.copyOfRange(args, i + 1, args.length);
                    i = args.length;
                }
                default -> targets.add(args[i]);
            }
        }
        if (targets.isEmpty() || rounds < 1) {
            System.err.println("usage: BenchmarkComparison [--rounds N] Class[.method]... [-- JMH options]");
            System.exit(2);
        }
        CommandLineOptions jmh = new CommandLineOptions(jmhArgs);
        if (!jmh.getIncludes().isEmpty()) {
            throw new IllegalArgumentException("JMH options after -- must not name benchmarks: "
                    + jmh.getIncludes());
        }
        Map<String, Side[]> pairs = new LinkedHashMap<>();
        for (String target : targets) {
            for (String method : methods(target)) {
                String className = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
                String key = className + "." + method;
                pairs.put(key, new Side[] {
                        new Side("baseline", BASELINE_PACKAGE + BASELINE_PREFIX + key, new ArrayList<>()),
                        new Side("current", CURRENT_PACKAGE + key, new ArrayList<>())});
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Side[]> pair : pairs.entrySet()) {
                Side[] sides = pair.getValue();
                // Alternate which side goes first, so a drift in the machine's load falls on both sides alike.
                Side[] order = round % 2 == 0 ? sides : new Side[] {sides[1], sides[0]};
                for (Side side : order) {
                    System.out.printf(Locale.ROOT, "%n# round %d of %d: %s, %s side%n", round + 1, rounds,
                            pair.getKey(), side.label());
                    side.rounds().add(new Runner(new OptionsBuilder().parent(jmh)
                            .include("^" + Pattern.quote(side.benchmark()) + "$").build()).runSingle());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n# Side by side, %d round(s); baseline and current alternate first%n",
                rounds);
        pairs.forEach(BenchmarkComparison::print);
    }

    /** The benchmark methods a target names: {@code Class.method}, or every benchmark method of {@code Class}. */
    private static List<String> methods(String target) throws ClassNotFoundException {
        if (target.contains(".")) {
            return List.of(target.substring(target.indexOf('.') + 1));
        }
        Class<?> type = Class.forName(CURRENT_PACKAGE + target);
        List<String> names = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Benchmark.class)) {
                names.add(m.getName());
            }
        }
        names.sort(null);
        return names;
    }

    private static void print(String name, Side[] sides) {
        RunResult first = sides[0].rounds().get(0);
        Mode mode = first.getParams().getMode();
        System.out.printf(Locale.ROOT, "%n%s (%s, %s)%n", name, mode.shortLabel(),
                first.getPrimaryResult().getScoreUnit());
        double baselineMean = Double.NaN;
        for (Side side : sides) {
            List<Double> iterations = new ArrayList<>();
            List<Double> roundMeans = new ArrayList<>();
            Map<String, List<Double>> secondary = new LinkedHashMap<>();
            for (RunResult run : side.rounds()) {
                roundMeans.add(run.getPrimaryResult().getScore());
                for (BenchmarkResult fork : run.getBenchmarkResults()) {
                    for (IterationResult it : fork.getIterationResults()) {
                        iterations.add(it.getPrimaryResult().getScore());
                        it.getSecondaryResults().forEach((label, r) -> {
                            if (shown(label)) {
                                secondary.computeIfAbsent(label + " (" + r.getScoreUnit() + ")",
                                        k -> new ArrayList<>()).add(r.getScore());
                            }
                        });
                    }
                }
            }
            double mean = iterations.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            String change = "";
            if (side == sides[0]) {
                baselineMean = mean;
            } else {
                change = String.format(Locale.ROOT, "  (%+.1f%% against baseline)", 100 * (mean / baselineMean - 1));
            }
            System.out.printf(Locale.ROOT, "  %-8s  mean %s over %d iterations [min %s .. max %s]%s%n",
                    side.label(), number(mean), iterations.size(), number(min(iterations)), number(max(iterations)),
                    change);
            List<Double> sortedRounds = new ArrayList<>(roundMeans);
            sortedRounds.sort(null);
            System.out.printf(Locale.ROOT, "            per round: %s (median round %s)%n", numbers(roundMeans),
                    number(sortedRounds.get(sortedRounds.size() / 2)));
            secondary.forEach((label, values) -> System.out.printf(Locale.ROOT,
                    "            %s: mean %s [min %s .. max %s]%n", label,
                    number(values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)),
                    number(min(values)), number(max(values))));
            if (mode == Mode.SampleTime) {
                for (double p : PERCENTILES) {
                    List<Double> perRound = new ArrayList<>();
                    for (RunResult run : side.rounds()) {
                        perRound.add(run.getPrimaryResult().getStatistics().getPercentile(p));
                    }
                    List<Double> sorted = new ArrayList<>(perRound);
                    sorted.sort(null);
                    System.out.printf(Locale.ROOT,
                            "            p%s: median round %s [min %s .. max %s]; per round: %s%n",
                            p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p),
                            number(sorted.get(sorted.size() / 2)), number(sorted.get(0)),
                            number(sorted.get(sorted.size() - 1)), numbers(perRound));
                }
            }
        }
        printPaired(sides, mode);
    }

    /** Per round, current over baseline, of the round means and, for sample-time runs, of the p50. */
    private static void printPaired(Side[] sides, Mode mode) {
        List<RunResult> baseline = sides[0].rounds();
        List<RunResult> current = sides[1].rounds();
        List<Double> ratios = new ArrayList<>();
        List<Double> p50Ratios = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) {
            ratios.add(current.get(i).getPrimaryResult().getScore() / baseline.get(i).getPrimaryResult().getScore());
            if (mode == Mode.SampleTime) {
                p50Ratios.add(current.get(i).getPrimaryResult().getStatistics().getPercentile(50)
                        / baseline.get(i).getPrimaryResult().getStatistics().getPercentile(50));
            }
        }
        System.out.printf(Locale.ROOT, "  paired    current / baseline per round: %s%n", ratioLine(ratios));
        if (!p50Ratios.isEmpty()) {
            System.out.printf(Locale.ROOT, "            p50, current / baseline per round: %s%n", ratioLine(p50Ratios));
        }
    }

    private static String ratioLine(List<Double> ratios) {
        List<Double> sorted = new ArrayList<>(ratios);
        sorted.sort(null);
        List<String> each = new ArrayList<>();
        ratios.forEach(r -> each.add(String.format(Locale.ROOT, "%.3f", r)));
        return String.format(Locale.ROOT, "median %.3f [min %.3f .. max %.3f]; %s", sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1), String.join(", ", each));
    }

    /**
     * Per-operation figures of profilers (allocation, CPU time) and the benchmarks' own counters; not the rates, the
     * GC counts, nor the per-iteration percentiles of sample-time runs (the percentiles of each round are shown).
     */
    private static boolean shown(String label) {
        return label.endsWith(".norm") || !label.startsWith("gc.") && !label.startsWith("·")
                && !label.matches("p[0-9.]+");
    }

    private static double min(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String numbers(List<Double> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(number(v)));
        return String.join(", ", out);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
