package org.acdserver.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the forked JVM's CPU time per operation ({@code cpu.time.norm}, ns/op), next to the
 * wall-clock score: {@code -prof org.acdserver.load.CpuTimeProfiler}.
 *
 * <p>Why: on a machine shared with other work, the wall-clock score of a single-threaded benchmark mostly measures
 * how often the benchmark thread was descheduled, and swings far more between iterations than the code under test
 * does. The CPU time the fork consumed per operation hardly depends on other processes, so two sides measured
 * under the same load compare well on it. Caveats: it covers every thread of the fork (the benchmark thread, and
 * also garbage collection and the JIT compiler, which are part of the cost), and everything JMH runs in the
 * iteration, including a {@code Level.Iteration} setup, divided by the iteration's operations; a shared core's
 * caches and SMT sibling still make it vary somewhat with the load.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    @Override
    public String getDescription() {
        return "CPU time of the forked JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long used = os.getProcessCpuTime() - startNanos;
        long ops = result.getMetadata().getAllOps();
        return List.of(new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) used / ops, "ns/op",
                AggregationPolicy.AVG));
    }
}
