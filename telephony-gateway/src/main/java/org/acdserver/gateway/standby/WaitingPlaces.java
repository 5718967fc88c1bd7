package org.acdserver.gateway.standby;

import org.acdserver.core.CallPlace;

/** Where waiting calls' places go as they change: stored for a standby ({@link PlaceBook}), or nowhere. */
public interface WaitingPlaces {

    /** A server without a standby keeps no places. */
    WaitingPlaces NONE = new WaitingPlaces() {
        @Override
        public void entering(String callId, String step) {
        }

        @Override
        public void placed(CallPlace place) {
        }

        @Override
        public void released(String callId) {
        }
    };

    /** The call is about to join a queue from this flow step. */
    void entering(String callId, String step);

    /** The core reports a call's place (on the routing thread: must not block). */
    void placed(CallPlace place);

    /** An agent answered the call, or it left the queue: its place is no longer needed. */
    void released(String callId);
}
