package org.acdserver.flow;

import java.util.List;
import java.util.stream.Collectors;

/** A flow file that cannot be activated, with every problem found in it. */
public final class InvalidFlowException extends Exception {
    private final List<FlowProblem> problems;

    public InvalidFlowException(List<FlowProblem> problems) {
        super(problems.stream().map(FlowProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<FlowProblem> problems() {
        return problems;
    }
}
