package org.acdserver.gateway.callback;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A callback as requested: who to call, for which queue, and the original call's place in line.
 *
 * @param id             the callback's id
 * @param originalCallId the call that asked for it, or null (a request by command)
 * @param queue          the queue it waits in
 * @param number         the number to call
 * @param priority       the original call's priority
 * @param skills         skills the original call needed beyond the queue's
 * @param enqueuedAt     when the original call joined the queue: its place in line
 * @param requestedAt    when the caller accepted the callback
 * @param notBefore      not dialed before this time (the queue's opening, a chosen slot), or null for at once
 * @param customerData   what the flow found out about the caller and chose to whisper to the agent (variable
 *                       name to value, in order)
 */
public record CallbackTicket(String id, String originalCallId, String queue, String number, int priority,
                             Map<String, Integer> skills, Instant enqueuedAt, Instant requestedAt, Instant notBefore,
                             Map<String, String> customerData) {

    /** A request with no customer data, for example one made by command. */
    public CallbackTicket(String id, String originalCallId, String queue, String number, int priority,
                          Map<String, Integer> skills, Instant enqueuedAt, Instant requestedAt, Instant notBefore) {
        this(id, originalCallId, queue, number, priority, skills, enqueuedAt, requestedAt, notBefore, Map.of());
    }

    public CallbackTicket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(requestedAt, "requestedAt");
        skills = Map.copyOf(skills);
        customerData = customerData == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(customerData));
    }
}
