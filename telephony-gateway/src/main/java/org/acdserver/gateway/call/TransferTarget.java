package org.acdserver.gateway.call;

import java.util.regex.Pattern;

/**
 * Where the agent sends a call with a transfer from the desktop: a queue of the configuration (the call joins it with
 * its priority and skills), a named agent (the call is offered to that agent as a request of the queue it was in, and
 * joins that queue's line if the agent does not answer), or a number, which the caller's channel dials through the
 * dialplan's {@value #NUMBER_CONTEXT} context (the one a flow's transfer step uses; an installation routes numbers
 * there). A number the agent consulted first (an attended transfer) is reached by bridging the caller with the
 * consulted party's channel, which is already up, instead of dialling it again.
 *
 * @param queue   true for a queue or an agent (the call stays in the ACD), false for a number
 * @param id      the queue's id (for an agent: the queue the call was in) or the number
 * @param agent   the agent the call is offered to, or null when it goes to the queue's line or a number
 * @param channel the consulted party's channel for an attended transfer to a number; null otherwise
 */
public record TransferTarget(boolean queue, String id, String agent, String channel) {

    /** How a transfer to an agent names it in records' {@code transferred_to}; a number never has a colon. */
    public static final String AGENT_PREFIX = "agent:";

    /** The dialplan context a number is dialled through: config/asterisk/extensions_acd.conf. */
    static final String NUMBER_CONTEXT = "acd-transfer";
    /** How long the number may ring. */
    private static final int RING_SECONDS = 60;
    /** What acd-transfer's pattern takes: two or more of digits, '*', '#', '+'. */
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{2,32}");

    /** A transfer to the queue {@code id}. */
    public static TransferTarget toQueue(String id) {
        return new TransferTarget(true, id, null, null);
    }

    /**
     * A transfer to the agent {@code agentId} of the call now in {@code queue}, which it goes back to if
     * unanswered.
     */
    public static TransferTarget toAgent(String agentId, String queue) {
        return new TransferTarget(true, queue, agentId, null);
    }

    /** A transfer to the number; fails with {@link IllegalArgumentException} naming what a number may hold. */
    public static TransferTarget toNumber(String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("a transfer number is 2 to 32 of 0-9 * # +, not " + number);
        }
        return new TransferTarget(false, number, null, null);
    }

    /** The number {@code number} (checked as for a blind transfer) after a consult, bridged with {@code channel}. */
    static TransferTarget consulted(String number, String channel) {
        return new TransferTarget(false, toNumber(number).id(), null, channel);
    }

    /** The AGI {@code EXEC} that connects the caller with a number: Dial, or Bridge with the consulted party. */
    String application() {
        return channel == null ? "Dial " + dialString() : "Bridge " + channel + ",x";
    }

    /** The Dial argument that reaches the number through {@value #NUMBER_CONTEXT}. */
    String dialString() {
        return "Local/" + id + "@" + NUMBER_CONTEXT + "/n," + RING_SECONDS;
    }

    /**
     * What the transferred leg's record names in {@code transferred_to}: the queue, {@code agent:<id>}, or the
     * number.
     */
    String recordTarget() {
        return agent != null ? AGENT_PREFIX + agent : id;
    }

    @Override
    public String toString() {
        return agent != null ? "agent " + agent : (queue ? "queue " : "number ") + id;
    }
}
