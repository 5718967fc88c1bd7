package org.acdserver.gateway.auth;

/** A request its caller may not make (answered 403), with the reason. */
public final class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message, null, false, false);
    }
}
