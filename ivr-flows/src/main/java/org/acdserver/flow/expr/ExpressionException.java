package org.acdserver.flow.expr;

/** An expression that cannot be parsed, with the offset (from 0) in its text where the problem is. */
public final class ExpressionException extends Exception {
    private final int offset;

    public ExpressionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
