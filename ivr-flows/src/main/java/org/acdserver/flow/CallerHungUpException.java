package org.acdserver.flow;

/** The caller hung up; every pending or later channel operation fails with this. */
public final class CallerHungUpException extends RuntimeException {
    public CallerHungUpException() {
        super("caller hung up", null, false, false);
    }
}
