package org.acdserver.gateway.agi;

/** The AGI connection closed before the command got its reply. */
public final class AgiSessionClosedException extends RuntimeException {
    public AgiSessionClosedException(String message) {
        super(message, null, false, false);
    }
}
