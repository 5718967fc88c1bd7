package org.acdserver.flow;

/** One thing wrong with a flow file, with where it is. Line 0 means the file as a whole. */
public record FlowProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
