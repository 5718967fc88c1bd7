package org.acdserver.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.spy.AgentCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the supervisors' record of agents' calls ({@link AgentCalls}) costs the manager connection's thread, the
 * thread that also frees agents for the next caller, per hand-off at a full round: every agent on a call, one
 * agent's call ends (the caller's two Local halves and the agent's phone channel hang up) and the agent answers
 * the next caller ({@code DialEnd}). The messages are built once, so only the listener is measured.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AgentCallsBenchmark {

    /** Agents, each on a call. */
    @Param({"300", "1000"})
    public int agents;

    private AgentCalls calls;
    /** Per agent, two calls it alternates between: the events that end one and answer the other. */
    private AmiMessage[][] handOff;
    private int next;

    @Setup
    public void setUp() {
        List<AgentDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            definitions.add(new AgentDefinition(agent(i), "PJSIP/" + agent(i), List.of("sales")));
        }
        RoutingConfiguration routing = new RoutingConfiguration(List.of(new QueueDefinition("sales", 10, 30)),
                definitions);
        calls = new AgentCalls(() -> routing);
        handOff = new AmiMessage[agents * 2][];
        for (int i = 0; i < agents * 2; i++) {
            int agent = i % agents;
            int ending = i;
            int answered = i + agents; // the call the agent takes next
            handOff[i] = new AmiMessage[] {
                    AmiMessage.of("Event", "Hangup", "Channel", caller(ending) + ";1"),
                    AmiMessage.of("Event", "Hangup", "Channel", caller(ending) + ";2"),
                    AmiMessage.of("Event", "Hangup", "Channel", phone(agent, ending)),
                    AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-" + answered, "DestChannel",
                            phone(agent, answered % (agents * 2)), "DialStatus", "ANSWER")};
        }
        for (int i = 0; i < agents; i++) {
            calls.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", "call-" + i, "DestChannel", phone(i, i),
                    "DialStatus", "ANSWER"));
        }
        next = 0;
    }

    private static String agent(int i) {
        return String.format("agent%04d", i);
    }

    private static String caller(int call) {
        return String.format("Local/s@sim-caller-%08x", call);
    }

    private static String phone(int agent, int call) {
        return String.format("PJSIP/%s-%08x", agent(agent), call);
    }

    /** One hand-off's four events: three hang-ups and the next answer. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void handOff() {
        AmiMessage[] events = handOff[next];
        next = next + 1 == handOff.length ? 0 : next + 1;
        for (AmiMessage e : events) {
            calls.onEvent(e);
        }
    }
}
