package org.acdserver.gateway.config;

import org.acdserver.yaml.Position;

/** A configuration file that cannot be used; the message names the file and, where known, line and column. */
public final class InvalidConfigurationException extends Exception {

    private final String file;
    private final Position at;
    private final String problem;

    public InvalidConfigurationException(String message) {
        this(message, (Throwable) null);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
        this.at = Position.NONE;
        this.problem = message;
    }

    /** A problem at a place in a file: {@code file:line:column: problem}. */
    InvalidConfigurationException(String file, Position at, String problem) {
        super((at.line() <= 0 ? file : file + ":" + at) + ": " + problem);
        this.file = file;
        this.at = at;
        this.problem = problem;
    }

    /** The file, or null when the message names it itself. */
    String file() {
        return file;
    }

    /** Where in the file; {@link Position#NONE} when unknown. */
    Position at() {
        return at;
    }

    /** What is wrong, without the place. */
    String problem() {
        return problem;
    }
}
