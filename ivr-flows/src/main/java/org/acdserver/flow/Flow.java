package org.acdserver.flow;

import java.util.List;
import java.util.Map;
import org.acdserver.yaml.Position;

/**
 * A validated IVR flow: its name, the first step, and every step by id. Every reference between steps resolves.
 *
 * @param name   the flow's name; callers reach it as the AGI script of the same name
 * @param start  id of the first step
 * @param steps  steps by id, in file order
 * @param source where it was loaded from, for messages
 * @param places where each step and field is written, for messages
 * @param tests  the test cases the flow carries for {@code simulate --check}
 * @param text   the file's text as loaded (its content hash identifies the version)
 */
public record Flow(String name, String start, Map<String, Step> steps, String source, SourceMap places,
                   List<FlowTest> tests, String text) {

    public Flow {
        places = places == null ? SourceMap.EMPTY : places;
        tests = tests == null ? List.of() : List.copyOf(tests);
        text = text == null ? "" : text;
    }

    /** A flow without positions, tests or text. */
    public Flow(String name, String start, Map<String, Step> steps, String source) {
        this(name, start, steps, source, SourceMap.EMPTY, List.of(), "");
    }

    public Step step(String id) {
        Step s = steps.get(id);
        if (s == null) {
            throw new IllegalStateException("flow " + name + " has no step " + id);
        }
        return s;
    }

    /** Where a step's field is written; the step's own place when the field is absent. */
    public Position where(String stepId, String field) {
        return places.at(stepId, field);
    }
}
