package org.acdserver.core;

import java.util.Map;
import java.util.Objects;

/**
 * A callback to wait in line as a virtual caller.
 *
 * @param callbackId      the callback's own id (the routing core's call id for it)
 * @param originalCallId  the live call whose place it takes over, or null (a callback reloaded at start-up)
 * @param queue           the queue it waits in
 * @param priority        its priority, as the original call's
 * @param skills          skills it needs beyond the queue's, as the original call's
 * @param enqueuedAtMillis when the original call joined the queue; escalation counts from here
 * @param notBeforeMillis not offered before this time (retry spacing, opening hours); 0 for as soon as possible
 */
public record CallbackRequest(String callbackId, String originalCallId, String queue, int priority,
                              Map<String, Integer> skills, long enqueuedAtMillis, long notBeforeMillis) {

    public CallbackRequest {
        Objects.requireNonNull(callbackId, "callbackId");
        Objects.requireNonNull(queue, "queue");
        skills = Map.copyOf(skills);
    }
}
