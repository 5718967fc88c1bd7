package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a queue from offering calls while callers put back at their places by a takeover are on their way back, so
 * that callers who return within moments of each other are served in their old order, not in the order they happen
 * to reconnect in.
 *
 * <p>The rule: a queue with restored places whose callers are not back yet is held from the restore until every one
 * of them is back (or gone), or until {@code hold} has passed since the restore or since the latest of them came
 * back, whichever is later. A caller still absent when the hold lifts no longer blocks anyone: their place waits out
 * of line, and if they come back later they still go ahead of every call that arrived after them. A return restarts
 * the hold, because returns come in bursts (every session of a server that died ends at once), and a caller who is
 * the first of a burst back should not take the agent from one an instant behind them who was ahead in line.
 *
 * <p>Costs: nothing on the routing path while no queue holds (one empty-map test per dispatch). Touched only by the
 * routing thread.
 */
final class ReturnHold {

    /** Restored places whose callers are not back, by queue. */
    private final Map<String, Integer> absent = new HashMap<>();
    /** Until when each held queue holds. */
    private final Map<String, Long> until = new HashMap<>();

    /** A place was restored in {@code queue}: the queue holds for at least {@code holdMillis} from now. */
    void restored(String queue, long holdMillis, long nowMillis) {
        absent.merge(queue, 1, Integer::sum);
        extend(queue, nowMillis + holdMillis);
    }

    /**
     * A restored caller came back ({@code returned}) or is gone for good: the queue holds {@code holdMillis} more
     * after a return while others are still away, and not at all once none is.
     */
    void settled(String queue, boolean returned, long holdMillis, long nowMillis) {
        Integer left = absent.get(queue);
        if (left == null) {
            return;
        }
        if (left <= 1) {
            absent.remove(queue);
            until.remove(queue);
        } else {
            absent.put(queue, left - 1);
            if (returned) {
                extend(queue, nowMillis + holdMillis);
            }
        }
    }

    private void extend(String queue, long atMillis) {
        until.merge(queue, atMillis, Math::max);
    }

    /** Whether the queue offers nothing now. */
    boolean holds(String queue, long nowMillis) {
        if (until.isEmpty()) {
            return false;
        }
        Long u = until.get(queue);
        return u != null && nowMillis < u;
    }

    /** The queues whose hold ran out by now, each reported once, to be dispatched; empty (and shared) when none. */
    List<String> lifted(long nowMillis) {
        if (until.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        until.entrySet().removeIf(e -> {
            if (nowMillis >= e.getValue()) {
                out.add(e.getKey());
                return true;
            }
            return false;
        });
        return out;
    }
}
