package org.acdserver.flow;

import java.util.List;

/**
 * How a call's walk through a flow ended.
 *
 * @param flow     the flow's name
 * @param path     the steps entered, with the menu keys chosen (for example {@code menu=1}), in order
 * @param lastStep the step the call was in when it ended
 * @param ending   why it ended
 * @param queued   true if the call reached a queue step
 * @param connected true if an agent talked to the caller
 */
public record FlowOutcome(String flow, List<String> path, String lastStep, Ending ending, boolean queued,
                          boolean connected) {

    /** Why a flow run ended. */
    public enum Ending {
        /** A hang-up step ended the call. */
        COMPLETED,
        /** The caller hung up. */
        CALLER_HUNG_UP,
        /** The flow ran too many steps without a caller present to drive it, or a channel operation failed. */
        FAILED
    }
}
