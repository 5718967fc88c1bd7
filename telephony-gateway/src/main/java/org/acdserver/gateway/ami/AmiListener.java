package org.acdserver.gateway.ami;

/** Receives manager events and connection changes, on the client's event loop: implementations must not block. */
public interface AmiListener {

    void onEvent(AmiMessage event);

    default void onConnected(boolean reconnect) {
    }

    /** After every login: the channels and device states as Asterisk has them now. */
    default void onResync(AmiResync snapshot) {
    }

    default void onDisconnected(Throwable cause) {
    }
}
