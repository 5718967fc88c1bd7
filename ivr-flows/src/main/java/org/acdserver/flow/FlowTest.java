package org.acdserver.flow;

import java.util.List;
import java.util.Map;
import org.acdserver.yaml.Position;

/**
 * A test case a flow carries: a scripted caller and what the run must end with.
 *
 * @param name        what it checks
 * @param keys        the caller's answers, one per time the flow waits for keys ("" for silence)
 * @param caller      the caller's number
 * @param time        when the call happens (ISO instant), or null for now
 * @param queueResult how a queue step ends for this caller
 * @param endStep     the step the run must end in, or null
 * @param queue       the queue the call must reach, or null
 * @param variables   variables the run must end with
 * @param at          where the case is written
 */
public record FlowTest(String name, List<String> keys, String caller, String time, QueueResult queueResult,
                       String endStep, String queue, Map<String, String> variables, Position at) {
    public FlowTest {
        keys = List.copyOf(keys);
        variables = Map.copyOf(variables);
    }
}
