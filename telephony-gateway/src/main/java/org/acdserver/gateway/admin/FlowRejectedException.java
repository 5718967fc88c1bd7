package org.acdserver.gateway.admin;

import java.util.List;
import java.util.stream.Collectors;
import org.acdserver.flow.FlowProblem;

/** A flow text the console will not run or activate, with every problem found and where it is. */
public final class FlowRejectedException extends Exception {

    private final transient List<FlowProblem> problems;

    public FlowRejectedException(List<FlowProblem> problems) {
        super(problems.stream().map(FlowProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, each with its file, line and column. */
    public List<FlowProblem> problems() {
        return problems;
    }
}
