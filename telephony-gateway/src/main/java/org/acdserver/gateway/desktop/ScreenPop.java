package org.acdserver.gateway.desktop;

import java.util.List;

/**
 * What an agent's desktop shows of a call offered to them, from the moment it rings until the talk ends.
 *
 * @param callId        Asterisk's unique id of the caller's channel (or a callback's id)
 * @param callerNumber  the caller's number as Asterisk gave it; empty when withheld or unknown
 * @param queue         the queue the call came from; null when unknown (a callback, or a call already gone)
 * @param queuedAt      when the call joined its queue, epoch milliseconds; 0 when unknown
 * @param offeredAt     when the desktop first saw the call offered, epoch milliseconds
 * @param waitedSeconds how long the caller waited in the queue before the offer
 * @param ivrPath       the caller's way through the flow: steps entered and menu keys chosen ({@code menu=1})
 */
public record ScreenPop(String callId, String callerNumber, String queue, long queuedAt, long offeredAt,
                        double waitedSeconds, List<String> ivrPath) {

    public ScreenPop {
        ivrPath = ivrPath == null ? List.of() : List.copyOf(ivrPath);
    }
}
