package org.acdserver.gateway.desktop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent's desktop shows of a call offered to them, from the moment it rings until the talk ends.
 *
 * @param callId        Asterisk's unique id of the caller's channel (or a callback's id)
 * @param callerNumber  the caller's number as Asterisk gave it; empty when withheld or unknown
 * @param queue         the queue the call came from; null when unknown (a call already gone)
 * @param queuedAt      when the call joined its queue (a callback: when it was asked for), epoch milliseconds; 0
 *                      when unknown
 * @param offeredAt     when the desktop first saw the call offered, epoch milliseconds
 * @param waitedSeconds how long the caller waited in the queue before the offer
 * @param ivrPath       the caller's way through the flow: steps entered and menu keys chosen ({@code menu=1})
 * @param display       the flow variables the queue step marked for display ({@code display:}), name to value, in
 *                      the step's order
 * @param callback      for a callback, when the customer asked for it and the number they confirmed; null for a call
 */
public record ScreenPop(String callId, String callerNumber, String queue, long queuedAt, long offeredAt,
                        double waitedSeconds, List<String> ivrPath, Map<String, String> display,
                        Callback callback) {

    /**
     * What a callback's pop adds.
     *
     * @param requestedAt when the customer accepted the callback, epoch milliseconds
     * @param number      the number the customer confirmed, the one dialed
     */
    public record Callback(long requestedAt, String number) {
    }

    /** A call's pop with nothing marked for display. */
    public ScreenPop(String callId, String callerNumber, String queue, long queuedAt, long offeredAt,
                     double waitedSeconds, List<String> ivrPath) {
        this(callId, callerNumber, queue, queuedAt, offeredAt, waitedSeconds, ivrPath, Map.of(), null);
    }

    /** A call's pop. */
    public ScreenPop(String callId, String callerNumber, String queue, long queuedAt, long offeredAt,
                     double waitedSeconds, List<String> ivrPath, Map<String, String> display) {
        this(callId, callerNumber, queue, queuedAt, offeredAt, waitedSeconds, ivrPath, display, null);
    }

    public ScreenPop {
        ivrPath = ivrPath == null ? List.of() : List.copyOf(ivrPath);
        // Ordered as the flow lists them; serialized in that order.
        display = display == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(display));
    }
}
