package org.acdserver.gateway.ami;

/**
 * Receives manager events and connection changes. Every method is called on the client's Netty event loop, one call
 * at a time and in wire order: implementations must not block (hand slow work to another executor). A listener that
 * throws is logged and the other listeners still get the call.
 */
public interface AmiListener {

    /** An event; events answering a list action ({@link AmiClient#sendForList}) go to that action instead. */
    void onEvent(AmiMessage event);

    /** After each successful login; {@code reconnect} is false only the first time. */
    default void onConnected(boolean reconnect) {
    }

    /**
     * After every login, once the live channels and device states have been read. Events that arrive while they are
     * read are delivered before this, so apply the snapshot order-tolerantly.
     */
    default void onResync(AmiResync snapshot) {
    }

    /** A logged-in connection was lost (or the client closed); every pending action has failed already. */
    default void onDisconnected(Throwable cause) {
    }
}
