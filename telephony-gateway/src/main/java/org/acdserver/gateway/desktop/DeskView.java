package org.acdserver.gateway.desktop;

/**
 * One agent's desktop as it stands: the state and since when, the call offered or in progress, the wrap-up to do.
 * The page renders it whole; each change sends it again.
 *
 * @param agentId      the agent
 * @param state        the routing state in lower case: {@code logged_out}, {@code ready}, {@code reserved} (a call
 *                     rings), {@code on_call}, {@code wrap_up}, {@code not_ready}
 * @param reason       the not-ready reason, or null
 * @param since        when the agent entered this state, epoch milliseconds (as the desktop saw it)
 * @param wrapUpUntil  when the queue's wrap-up time ends in state {@code wrap_up}, epoch milliseconds; 0 otherwise
 * @param call         the call ringing or in progress, or null
 * @param wrapUp       the last call's wrap-up still to be written, or null
 * @param held         the agent put the call in progress on hold (from this desktop or another)
 */
public record DeskView(String agentId, String state, String reason, long since, long wrapUpUntil, ScreenPop call,
                       PendingWrapUp wrapUp, boolean held) {
}
