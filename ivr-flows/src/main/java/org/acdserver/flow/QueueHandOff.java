package org.acdserver.flow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acdserver.flow.expr.Expression;

/**
 * The queue step: hands the call to a queue through the channel and goes on by how it came back.
 *
 * <p>The request: the queue is the step's own, or its expression's value; the priority is the step's own, its
 * expression's value, the one a set step gave the call, or 0, in that order; the skills are those set steps asked
 * for, with the step's own on top (a step's minimum replaces an earlier one for the same skill). The step records
 * {@code queue} and {@code priority} as variables, and passes the non-empty values of the variables it names for the
 * agent's whisper and for the agent's screen pop. A key typed ahead is dropped, so none carries past the queue into a
 * later step.
 *
 * <p>The result: connected (an agent talked to the caller) goes to {@code next}; not served goes to
 * {@code fallback}, or {@code next} without one; an accepted callback goes to {@code afterCallback}, or, without
 * one, hangs up and completes the run. The result is marked in the path ({@code queue=connected}).
 *
 * <p>It keeps nothing per call: it works on the run and the {@link CallState} it is given.
 */
final class QueueHandOff {

    private QueueHandOff() {
    }

    /** Hands the call to the step's queue; the run goes on when the channel says how the call left it. */
    static void queue(FlowRun run, CallState state, Step.Queue q) {
        state.queued = true;
        state.typedAhead = "";
        String queue = q.queueFrom() != null ? q.queueFrom().evaluateText(state) : q.queue();
        int prio = q.priority() != null ? q.priority()
                : q.priorityFrom() != null ? priorityOf(q.priorityFrom().evaluate(state))
                : state.priority != null ? state.priority : 0;
        Map<String, Integer> need = state.skills;
        if (!q.skills().isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(state.skills);
            merged.putAll(q.skills());
            need = merged;
        }
        state.vars.put("queue", queue);
        state.vars.put("priority", String.valueOf(prio));
        state.channel.queue(new QueueRequest(queue, prio, need, q.musicClass(), q.announceEvery(), q.callbackKey(),
                        valuesOf(q.whisper(), state), state.path, valuesOf(q.display(), state), state.current))
                .whenComplete((result, err) -> {
                    if (run.failed(err)) {
                        return;
                    }
                    state.mark(result.name().toLowerCase(Locale.ROOT));
                    switch (result) {
                        case CONNECTED -> {
                            state.connected = true;
                            run.enter(q.next());
                        }
                        case NOT_SERVED -> run.enter(q.fallback() != null ? q.fallback() : q.next());
                        case CALLBACK_ACCEPTED -> {
                            if (q.afterCallback() != null) {
                                run.enter(q.afterCallback());
                            } else {
                                state.channel.hangup()
                                        .whenComplete((x, e2) -> run.finish(FlowOutcome.Ending.COMPLETED));
                            }
                        }
                    }
                });
    }

    /** The non-empty values of the named variables, in the order named. */
    private static Map<String, String> valuesOf(List<String> names, CallState state) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = state.vars.get(name);
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** An expression's value as a queue priority: rounded half up to a whole number, 0 when it is not a number. */
    static int priorityOf(Object value) {
        String s = Expression.text(value);
        try {
            return new BigDecimal(s).setScale(0, RoundingMode.HALF_UP).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return 0;
        }
    }
}
