package org.acdserver.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies each queue's {@link EscalationRule}s to the calls that have waited long enough, on the tick.
 *
 * <p>Algorithm: for each queue with rules and waiting calls, the calls due for their next step are found first
 * (a call's {@code escalationSteps} counts the steps already applied, and the rules are sorted by
 * {@code afterSeconds}, so the next due step is always {@code rules[escalationSteps]}). Each due call then leaves its
 * line, takes every step it has now waited for (a long-waiting call can take several in one tick): its priority
 * rises by the step's amount and its skill minimums are lowered to the step's levels, never raised and never
 * added. It then goes back into the line. Its arrival sequence is untouched, so among calls of equal priority it
 * keeps its place. Finally the queue is dispatched, since the lowered minimums may have made calls routable to
 * agents who were ready all along.
 *
 * <p>Caveat: the call must be out of its line while its priority and skills change, because the line orders and
 * groups its calls by them. Time counts from the call's first enqueue, so a call moved by an overflow, or taken over
 * by a callback, keeps the escalation it had.
 *
 * <p>Costs: one walk over each escalating queue's line per tick, with no copy and no sort; the due calls are
 * gathered in a list kept between ticks, and a lowered requirement is computed once per requirement and step
 * ({@link Skills#lowered}). Touched only by the routing thread.
 */
final class Escalation {

    private final Queues queues;
    private final Dispatcher dispatcher;
    private final Skills skills;
    private final RoutingPort port;
    private final List<WaitingCall> due = new ArrayList<>();

    Escalation(Queues queues, Dispatcher dispatcher, Skills skills, RoutingPort port) {
        this.queues = queues;
        this.dispatcher = dispatcher;
        this.skills = skills;
        this.port = port;
    }

    /** Applies the escalation steps calls have waited long enough for, then offers what became routable. */
    void escalate(long nowMillis) {
        List<QueueDefinition> definitions = queues.definitions();
        for (int d = 0; d < definitions.size(); d++) {
            QueueDefinition q = definitions.get(d);
            List<EscalationRule> rules = q.escalation();
            Line line = queues.line(q.id());
            if (rules.isEmpty() || line == null || line.isEmpty()) {
                continue;
            }
            for (WaitingCall call = line.first(); call != null; call = line.after(call)) {
                if (call.escalationSteps < rules.size()
                        && nowMillis - call.enqueuedAtMillis
                        >= rules.get(call.escalationSteps).afterSeconds() * 1000L) {
                    due.add(call);
                }
            }
            if (due.isEmpty()) {
                continue;
            }
            for (int i = 0; i < due.size(); i++) {
                WaitingCall call = due.get(i);
                // Out of the ordered line while its priority changes; its arrival order is untouched.
                line.remove(call);
                while (call.escalationSteps < rules.size() && nowMillis - call.enqueuedAtMillis
                        >= rules.get(call.escalationSteps).afterSeconds() * 1000L) {
                    EscalationRule rule = rules.get(call.escalationSteps++);
                    call.priority += rule.raisePriorityBy();
                    call.requirement = skills.lowered(call.requirement, rule);
                }
                line.add(call);
                if (!call.callback && port.keepsPlaces()) {
                    port.callPlaced(call.place());
                }
            }
            due.clear();
            dispatcher.dispatchQueue(q.id(), nowMillis);
        }
    }
}
