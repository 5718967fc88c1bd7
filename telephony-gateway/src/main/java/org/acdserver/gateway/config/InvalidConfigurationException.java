package org.acdserver.gateway.config;

/** A configuration file that cannot be used; the message names the file and, where known, the line. */
public final class InvalidConfigurationException extends Exception {
    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
