package org.acdserver.gateway.ami;

/** An action was sent while the manager connection was down, or the connection dropped before the answer came. */
public final class AmiNotConnectedException extends RuntimeException {
    public AmiNotConnectedException(String message) {
        super(message, null, false, false);
    }
}
