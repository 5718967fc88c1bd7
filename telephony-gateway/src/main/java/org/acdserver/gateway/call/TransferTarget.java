package org.acdserver.gateway.call;

import java.util.regex.Pattern;

/**
 * Where the agent sends a call with a blind transfer from the desktop: a queue of the configuration (the call joins
 * it with its priority and skills) or a number, which the caller's channel dials through the dialplan's
 * {@value #NUMBER_CONTEXT} context (the one a flow's transfer step uses; an installation routes numbers there).
 *
 * A number the agent consulted first (an attended transfer) is reached by bridging the caller with the consulted
 * party's channel, which is already up, instead of dialling it again.
 *
 * @param queue   true for a queue, false for a number
 * @param id      the queue's id or the number
 * @param channel the consulted party's channel for an attended transfer to a number; null otherwise
 */
public record TransferTarget(boolean queue, String id, String channel) {

    /** The dialplan context a number is dialled through: config/asterisk/extensions_acd.conf. */
    static final String NUMBER_CONTEXT = "acd-transfer";
    /** How long the number may ring. */
    private static final int RING_SECONDS = 60;
    /** What acd-transfer's pattern takes: two or more of digits, '*', '#', '+'. */
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{2,32}");

    /** A transfer to the queue {@code id}. */
    public static TransferTarget toQueue(String id) {
        return new TransferTarget(true, id, null);
    }

    /** A transfer to the number; fails with {@link IllegalArgumentException} naming what a number may hold. */
    public static TransferTarget toNumber(String number) {
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new IllegalArgumentException("a transfer number is 2 to 32 of 0-9 * # +, not " + number);
        }
        return new TransferTarget(false, number, null);
    }

    /** The number {@code number} (checked as for a blind transfer) after a consult, bridged with {@code channel}. */
    static TransferTarget consulted(String number, String channel) {
        return new TransferTarget(false, toNumber(number).id(), channel);
    }

    /** The AGI {@code EXEC} that connects the caller with a number: Dial, or Bridge with the consulted party. */
    String application() {
        return channel == null ? "Dial " + dialString() : "Bridge " + channel + ",x";
    }

    /** The Dial argument that reaches the number through {@value #NUMBER_CONTEXT}. */
    String dialString() {
        return "Local/" + id + "@" + NUMBER_CONTEXT + "/n," + RING_SECONDS;
    }

    @Override
    public String toString() {
        return (queue ? "queue " : "number ") + id;
    }
}
