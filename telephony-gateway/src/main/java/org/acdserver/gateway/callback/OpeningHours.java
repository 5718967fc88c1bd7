package org.acdserver.gateway.callback;

import java.time.Instant;

/** When a queue is open, so that callbacks are placed only then. */
public interface OpeningHours {

    /** Always open: the null object for queues without hours. */
    OpeningHours ALWAYS = new OpeningHours() {
        @Override
        public boolean isOpen(Instant at) {
            return true;
        }

        @Override
        public Instant nextOpening(Instant at) {
            return at;
        }
    };

    boolean isOpen(Instant at);

    /** The zone the hours are kept in, in which a caller's "call me at 14" is meant. */
    default java.time.ZoneId zone() {
        return java.time.ZoneOffset.UTC;
    }

    /** {@code at} itself when open then, otherwise the next moment the queue opens. */
    Instant nextOpening(Instant at);
}
