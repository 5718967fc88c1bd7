package org.acdserver.load;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.acdserver.flow.CallChannel;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.FlowRun;
import org.acdserver.flow.Lookups;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flow interpreter's costs, on one thread, against a channel that answers at once (so only the interpreter is
 * measured, not AGI):
 * <ul>
 *   <li>{@code step}: the time to interpret one step, from a run of {@value #CHAIN} steps that set variables,
 *       evaluate conditions, play a prompt and take a menu key;</li>
 *   <li>{@code waitingCall}: one call from its start to waiting in a queue (allocation per call with
 *       {@code -prof gc});</li>
 *   <li>{@code retainedPerWaitingCall}: the heap {@value #WAITING} calls keep while they wait in a queue step,
 *       reported per call as the {@code bytesPerWaitingCall} counter (heap used after a full GC, before and after
 *       starting them).</li>
 * </ul>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowRunBenchmark {

    static final int CHAIN = 24;
    static final int WAITING = 20_000;

    private Flow chain;
    private Flow main;
    private FlowEnvironment env;
    private final InstantChannel channel = new InstantChannel();
    private final Map<String, String> initial = Map.of("caller", "5550100", "called", "100");

    /** Answers every prompt and read at once with the menu key; a queue step waits until told otherwise. */
    static final class InstantChannel implements CallChannel {
        final List<CompletableFuture<QueueResult>> waiting = new ArrayList<>();
        boolean holdInQueue;

        @Override
        public CompletionStage<String> play(List<String> prompts, String escapeDigits) {
            return CompletableFuture.completedFuture("");
        }

        @Override
        public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
            return CompletableFuture.completedFuture("1");
        }

        @Override
        public CompletionStage<QueueResult> queue(QueueRequest request) {
            if (!holdInQueue) {
                return CompletableFuture.completedFuture(QueueResult.CONNECTED);
            }
            CompletableFuture<QueueResult> f = new CompletableFuture<>();
            waiting.add(f);
            return f;
        }

        @Override
        public CompletionStage<Void> hangup() {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Bytes retained per waiting call, measured in each iteration of {@link #retainedPerWaitingCall}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Memory {
        public double bytesPerWaitingCall;
    }

    @Setup(Level.Trial)
    public void load() throws Exception {
        StringBuilder yaml = new StringBuilder("name: chain\nstart: s0\nsteps:\n");
        for (int i = 0; i < CHAIN - 3; i += 3) {
            yaml.append("  s").append(i).append(": {type: set, variables: {n")
                    .append(i).append(": \"len(caller) * ").append(i).append(" + 1\"}, next: s").append(i + 1)
                    .append("}\n");
            yaml.append("  s").append(i + 1).append(": {type: branch, cases: [{if: \"n").append(i)
                    .append(" > 1000 and startsWith(caller, '9')\", next: end}], otherwise: s").append(i + 2)
                    .append("}\n");
            yaml.append("  s").append(i + 2).append(": {type: play, prompts: [hello], next: s").append(i + 3)
                    .append("}\n");
        }
        yaml.append("  s").append(CHAIN - 3).append(": {type: menu, prompts: [press-1], choices: {\"1\": s")
                .append(CHAIN - 2).append("}, fallback: end}\n");
        yaml.append("  s").append(CHAIN - 2).append(": {type: play, prompts: [bye], next: end}\n");
        yaml.append("  end: {type: hangup}\n");
        chain = new FlowLoader().parse(yaml.toString(), "chain.yaml");
        main = new FlowLoader().load(Path.of(System.getProperty("acd.flow",
                "config/flows/main.yaml")));
        env = new FlowEnvironment(Map.of("chain", chain, "main", main), Map.of(), Lookups.NONE, Clock.systemUTC());
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public FlowOutcome step() {
        channel.holdInQueue = false;
        return new FlowRun(chain, channel, env, initial, Runnable::run).start().toCompletableFuture().getNow(null);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public FlowRun waitingCall() {
        channel.holdInQueue = true;
        FlowRun run = new FlowRun(main, channel, env, initial, Runnable::run);
        run.start();
        channel.waiting.clear();
        return run;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int retainedPerWaitingCall(Memory memory) {
        channel.holdInQueue = true;
        channel.waiting.clear();
        long before = usedAfterGc();
        List<FlowRun> runs = new ArrayList<>(WAITING);
        for (int i = 0; i < WAITING; i++) {
            FlowRun run = new FlowRun(main, channel, env, initial, Runnable::run);
            run.start();
            runs.add(run);
        }
        long after = usedAfterGc();
        // The list of runs itself is not the interpreter's: 4 or 8 bytes a reference.
        memory.bytesPerWaitingCall = (double) (after - before) / WAITING - 8;
        int n = runs.size() + channel.waiting.size();
        channel.waiting.clear();
        return n;
    }

    private static long usedAfterGc() {
        var bean = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return bean.getHeapMemoryUsage().getUsed();
    }
}
