package org.acdserver.gateway.supervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueStatus;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.config.WallboardSettings;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.Report;

/**
 * Builds one viewer's {@link WallboardView} from what the feed holds: the queues' status, the agents' current states,
 * today's figures, and the active configuration's queues, members, targets and thresholds. A pure function, so that
 * what a supervisor sees (and does not see) is tested without a server.
 */
final class WallboardBoard {

    private WallboardBoard() {
    }

    /**
     * @param visible the viewer's queues; null for every queue (an admin)
     */
    static WallboardView of(List<QueueStatus> status, Map<String, AgentStateLog.Current> agents,
                            WallboardToday today, ConfigurationSnapshot config, Set<String> visible) {
        Map<String, QueueStatus> statusByQueue = new TreeMap<>();
        status.forEach(s -> statusByQueue.put(s.queue(), s));
        List<WallboardView.QueueBoard> queues = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (String queue : new TreeMap<>(config.routing().queuesById()).keySet()) {
            if (visible != null && !visible.contains(queue)) {
                continue;
            }
            shown.add(queue);
            queues.add(queue(queue, statusByQueue.get(queue), today, config));
        }
        List<WallboardView.AgentLine> lines = new ArrayList<>();
        for (AgentDefinition a : config.routing().agents().stream()
                .sorted((x, y) -> x.id().compareTo(y.id())).toList()) {
            if (a.queues().stream().noneMatch(shown::contains)) {
                continue;
            }
            AgentStateLog.Current c = agents.get(a.id());
            lines.add(c == null ? new WallboardView.AgentLine(a.id(), "logged_out", null, null, 0)
                    : new WallboardView.AgentLine(a.id(), c.activity().dbValue(), c.reason(),
                    c.queue() != null && shown.contains(c.queue()) ? c.queue() : null, c.since().toEpochMilli()));
        }
        return new WallboardView(queues, lines);
    }

    private static WallboardView.QueueBoard queue(String queue, QueueStatus s, WallboardToday today,
                                                  ConfigurationSnapshot config) {
        WallboardSettings w = config.wallboard(queue);
        ServiceLevelTarget target = config.serviceLevel(queue);
        int waiting = s == null ? 0 : s.waiting();
        long oldest = s == null || s.waiting() == 0 ? 0 : s.oldestEnqueuedAtMillis();
        Map<String, Integer> byState = new TreeMap<>();
        if (s != null) {
            s.agents().forEach((state, n) -> byState.put(state.dbValue(), n));
        }
        Report.QueueRow r = today.queues().get(queue);
        WallboardView.Today t = r == null ? WallboardView.Today.none(target.percent(), target.seconds())
                : new WallboardView.Today(r.offered(), r.answered(), r.abandoned(), r.serviceLevel(),
                r.serviceLevel2(), w.serviceLevelLevel(r.serviceLevel()).wireName(), r.asaSeconds(), r.ahtSeconds(),
                r.targetPercent(), r.targetSeconds());
        List<WallboardView.Leader> leaders = new ArrayList<>();
        for (Leaderboard.Line l : today.leaderboard().getOrDefault(queue, List.of())) {
            Double aht = l.ahtSeconds();
            leaders.add(new WallboardView.Leader(l.agent(), l.handled(), aht,
                    aht != null && aht > w.ahtTargetSeconds(), l.csatMean(), l.csatAnswers()));
        }
        return new WallboardView.QueueBoard(queue, waiting, w.waitingLevel(waiting).wireName(), oldest,
                w.longestWait().warn(), w.longestWait().alert(), byState, t, w.ahtTargetSeconds(), leaders);
    }
}
