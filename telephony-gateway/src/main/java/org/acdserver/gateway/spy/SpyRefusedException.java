package org.acdserver.gateway.spy;

/**
 * A spy that cannot be done now, for a reason the supervisor can act on (answered 409): they have no phone set, the
 * agent is on no call, Asterisk refused to ring the phone.
 */
public final class SpyRefusedException extends RuntimeException {

    public SpyRefusedException(String message) {
        super(message, null, false, false);
    }
}
