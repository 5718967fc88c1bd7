package org.acdserver.flow;

import org.acdserver.yaml.Position;

/** One thing wrong with a flow file, with where it is. Line 0 means the file as a whole. */
public record FlowProblem(String file, int line, int column, String message) {

    /** A problem on a line, column unknown. */
    public FlowProblem(String file, int line, String message) {
        this(file, line, 0, message);
    }

    /** A problem at a position. */
    public FlowProblem(String file, Position at, String message) {
        this(file, at.line(), at.column(), message);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": " + message;
    }
}
