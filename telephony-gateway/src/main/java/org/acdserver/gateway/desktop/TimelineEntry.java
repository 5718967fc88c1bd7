package org.acdserver.gateway.desktop;

/**
 * One earlier contact of a caller, as the agent's customer timeline shows it.
 *
 * @param id            the interaction record's id (what a next page starts before)
 * @param callId        the contact's call id
 * @param startedAt     when the contact started, epoch milliseconds
 * @param queue         the queue it went to, or null
 * @param agent         the agent who talked to the caller, or null
 * @param outcome       how it ended ({@code answered}, {@code abandoned_in_queue}, {@code transferred}...)
 * @param transferredTo where a transfer sent it, or null
 * @param wrapUpCode    the wrap-up code the agent picked, or null
 * @param note          the agent's wrap-up note, or null
 * @param csat          the satisfaction score (1 to 5), or null
 * @param nps           the recommendation score (0 to 10), or null
 * @param ces           the effort score (1 to 5), or null
 * @param callback      the callback the caller asked for during this contact, or null
 */
public record TimelineEntry(long id, String callId, long startedAt, String queue, String agent, String outcome,
                           String transferredTo, String wrapUpCode, String note, Integer csat, Integer nps, Integer ces,
                           Callback callback) {

    /**
     * A callback asked for during the contact and what became of it.
     *
     * @param requestedAt when it was asked for, epoch milliseconds
     * @param number      the number confirmed for it
     * @param state       {@code pending}, {@code completed}, {@code failed}, {@code cancelled}...
     * @param result      the last attempt's outcome ({@code connected}, {@code no_answer}...), or null before one
     */
    public record Callback(long requestedAt, String number, String state, String result) {
    }
}
