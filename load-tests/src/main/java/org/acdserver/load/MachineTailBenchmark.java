package org.acdserver.load;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The machine's own latency tail, for reading {@link RoutingEngineBenchmark}'s: an operation of pure arithmetic on
 * registers (JMH's {@link Blackhole#consumeCPU}), sized to take about as long as one routing cycle, timed in the
 * same sample-time mode with the same fork, heap and iterations. It touches no memory and allocates nothing, so any
 * tail it shows is the machine's (interrupts, the hypervisor taking the CPU, the JVM's safepoints), not code's; a
 * routing cycle's percentile at or below this one's is the machine's too.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MachineTailBenchmark {

    /** Work per operation, in JMH's tokens; 400 takes about a microsecond, as a routing cycle does. */
    @Param("400")
    public long tokens;

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void arithmetic() {
        Blackhole.consumeCPU(tokens);
    }

    /** As {@link #arithmetic}, each operation also timed into {@link OpTimes}, for {@link TailProfiler}. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void arithmeticTail() {
        long start = System.nanoTime();
        Blackhole.consumeCPU(tokens);
        OpTimes.record(System.nanoTime() - start);
    }
}
