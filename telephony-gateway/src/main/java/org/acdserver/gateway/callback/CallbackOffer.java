package org.acdserver.gateway.callback;

import java.util.List;
import org.acdserver.core.WaitEstimate;

/**
 * When a caller entering a queue is offered a callback unasked, and with which prompts; the callback key works in
 * any case.
 *
 * @param waitAboveSeconds offer when the expected wait is longer than this (0: never for this reason)
 * @param noAgents         offer when no agent of the queue is signed in and available
 * @param full             offer to a caller the queue turns away because it is full (the callback then waits at the
 *                         end of the line, as the caller would have)
 * @param closed           offer when the queue is closed by its opening hours (the callback is placed after opening)
 * @param prompts          what the caller hears, for example "to be called back, press 9"
 */
public record CallbackOffer(int waitAboveSeconds, boolean noAgents, boolean full, boolean closed,
                            List<String> prompts) {

    /** No unasked offer: only the key. */
    public static final CallbackOffer KEY_ONLY = new CallbackOffer(0, false, false, false, List.of());

    public CallbackOffer {
        if (waitAboveSeconds < 0) {
            throw new IllegalArgumentException("callback offer waitAboveSeconds must not be negative");
        }
        prompts = List.copyOf(prompts);
    }

    /** Whether any condition checked on entry is configured, so the estimate need not be asked for otherwise. */
    public boolean any() {
        return waitAboveSeconds > 0 || noAgents || closed;
    }

    /** Whether a caller with this estimate, in a queue that is open or not, hears the offer. */
    public boolean holds(WaitEstimate estimate, boolean open) {
        if (closed && !open) {
            return true;
        }
        if (estimate == null) {
            return false;
        }
        boolean none = Double.isInfinite(estimate.expectedSeconds());
        return (noAgents && none) || (waitAboveSeconds > 0 && !none && estimate.expectedSeconds() > waitAboveSeconds);
    }
}
