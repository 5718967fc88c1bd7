package org.acdserver.yaml;

/** A YAML file that cannot be read at all: not valid YAML, or not readable; the problem says where. */
public final class YamlException extends Exception {

    private final YamlProblem problem;

    public YamlException(YamlProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problem = problem;
    }

    public YamlProblem problem() {
        return problem;
    }
}
