package org.acdserver.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves calls out of a queue that is full or that they have waited in too long.
 *
 * <p>Two limits of a {@link QueueDefinition} apply: {@code maxLength}, checked when a call arrives (after the
 * arrival was dispatched, so a call that an agent took at once never counts against it), and {@code maxWaitSeconds},
 * checked on the tick against the time since the call's first enqueue. A call over a limit goes to the queue's
 * {@code overflowQueue} if there is one it has not visited yet: it keeps its arrival sequence, enqueue time,
 * priority and own skills, takes the new queue's skill minimums, and is dispatched there at once. Otherwise it
 * leaves the engine as {@link CallEnding#OVERFLOWED} and the port sends it back to its flow. Since a call visits a
 * queue at most once, chains of overflow queues always end, even circular ones.
 *
 * <p>Caveat: a callback waiting in line has no caller on the line to send on, so the maximum wait does not apply to
 * it, and it never meets the maximum length either, which is checked only for callers arriving. Touched only by the
 * routing thread.
 */
final class Overflow {

    private final Queues queues;
    private final Dispatcher dispatcher;
    private final RoutingPort port;
    private final Skills skills;
    /** Calls over their queue's maximum wait on this tick, in service order; kept between ticks. */
    private final List<WaitingCall> due = new ArrayList<>();

    Overflow(Queues queues, Dispatcher dispatcher, RoutingPort port, Skills skills) {
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.port = port;
        this.skills = skills;
    }

    /** A call just joined {@code q} and was dispatched: if it still waits in a line over the maximum, it moves on. */
    void overflowIfFull(WaitingCall call, QueueDefinition q, long nowMillis) {
        if (q.maxLength() == 0) {
            return;
        }
        Line line = queues.line(q.id());
        if (line.size() > q.maxLength() && line.contains(call)) {
            overflow(call, "full", nowMillis);
        }
    }

    /** Moves on every call that has waited its queue's maximum. */
    void overflowLongWaits(long nowMillis) {
        List<QueueDefinition> definitions = queues.definitions();
        for (int d = 0; d < definitions.size(); d++) {
            QueueDefinition q = definitions.get(d);
            Line line = queues.line(q.id());
            if (q.maxWaitSeconds() == 0 || line == null || line.isEmpty()) {
                continue;
            }
            for (WaitingCall call = line.first(); call != null; call = line.after(call)) {
                // A callback has no caller on the line to send on; it keeps waiting.
                if (!call.callback && nowMillis - call.enqueuedAtMillis >= q.maxWaitSeconds() * 1000L) {
                    due.add(call);
                }
            }
            // In service order, as the calls would have been served: the best moves first.
            due.sort(null);
            for (int i = 0; i < due.size(); i++) {
                overflow(due.get(i), "max-wait", nowMillis);
            }
            due.clear();
        }
    }

    /**
     * Takes a waiting call out of its line: into the overflow queue, keeping its arrival order and enqueue time, or,
     * without one, back to its flow. A call moves on at most once per queue it visits, so overflow chains end.
     */
    private void overflow(WaitingCall call, String reason, long nowMillis) {
        queues.line(call.queue).remove(call);
        QueueDefinition q = queues.definition(call.queue);
        String next = q == null ? null : q.overflowQueue();
        if (next != null && queues.isConfigured(next) && !call.visited(next)) {
            WaitingCall moved = call.moveInto(queues.newCall(), next,
                    skills.merged(queues.requirement(next), call.ownSkills));
            queues.own(moved);
            queues.release(call);
            queues.enterLine(moved);
            if (!moved.callback && port.keepsPlaces()) {
                port.callPlaced(moved.place());
            }
            dispatcher.dispatchQueue(next, nowMillis);
            return;
        }
        queues.disown(call.callId);
        port.callLeft(call.callId, CallEnding.OVERFLOWED);
        port.overflowed(call.callId, call.queue, reason);
        queues.release(call);
    }
}
