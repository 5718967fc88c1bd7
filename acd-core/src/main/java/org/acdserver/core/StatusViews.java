package org.acdserver.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of the {@link RoutingEngine}'s state for operators, metrics and tests: each queue's status and the whole
 * snapshot. Built on the routing thread between two events, so each copy is consistent; the engine's own state is
 * only read.
 */
final class StatusViews {

    private final Queues queues;
    private final Roster roster;
    private final CallbackScheduler callbacks;

    StatusViews(Queues queues, Roster roster, CallbackScheduler callbacks) {
        this.queues = queues;
        this.roster = roster;
        this.callbacks = callbacks;
    }

    /** Every configured queue as it stands: calls in line, the longest wait, the members by activity. */
    List<QueueStatus> queueStatus() {
        List<QueueStatus> status = new ArrayList<>();
        for (QueueDefinition q : queues.definitions()) {
            Line line = queues.line(q.id());
            Map<AgentActivity, Integer> agents = new EnumMap<>(AgentActivity.class);
            for (RoutedAgent a : roster.members(q.id())) {
                agents.merge(AgentHistory.activity(a), 1, Integer::sum);
            }
            status.add(new QueueStatus(q.id(), line == null ? 0 : line.size(),
                    line == null ? 0 : line.oldestEnqueuedAtMillis(), agents));
        }
        return status;
    }

    /** A consistent copy of the state, for tests, metrics and operators. */
    RoutingSnapshot snapshot() {
        Map<String, RoutingSnapshot.AgentView> agentViews = new LinkedHashMap<>();
        for (RoutedAgent a : roster.all()) {
            agentViews.put(a.definition.id(), new RoutingSnapshot.AgentView(a.definition.id(), a.state,
                    a.call == null ? null : a.call.callId, a.notReadyReason, a.callsTaken, a.onHold));
        }
        Map<String, List<String>> waiting = new LinkedHashMap<>();
        queues.lines().forEach((q, line) -> waiting.put(q, line.ordered().stream().map(c -> c.callId).toList()));
        return new RoutingSnapshot(agentViews, waiting, callbacks.scheduledIds());
    }
}
