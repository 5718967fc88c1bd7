package org.acdserver.gateway.desktop;

import java.util.List;

/**
 * A call the agent has finished talking on and has not wrapped up yet: the form the desktop shows after the call.
 *
 * @param callId       the call the wrap-up is stored for
 * @param queue        the call's queue, whose codes the agent picks from; null when unknown
 * @param callerNumber the caller's number, to remind the agent whom they talked to
 * @param codes        the queue's wrap-up codes ({@code wrapUpCodes} in queues.yaml)
 * @param required     whether a code must be picked
 */
public record PendingWrapUp(String callId, String queue, String callerNumber, List<String> codes,
                            boolean required) {

    public PendingWrapUp {
        codes = List.copyOf(codes);
    }
}
