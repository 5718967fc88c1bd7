package org.acdserver.gateway.supervisor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.kpi.Report;

/**
 * Today's figures as the wallboard feed last built them: each queue's row of today's report (interval 1d) and each
 * queue's leaderboard.
 *
 * @param queues      queue id to its row of today's report
 * @param leaderboard queue id to its agents' lines, most calls handled first
 */
record WallboardToday(Map<String, Report.QueueRow> queues, Map<String, List<Leaderboard.Line>> leaderboard) {

    /** Before the first build: nothing yet. */
    static final WallboardToday NONE = new WallboardToday(Map.of(), Map.of());

    WallboardToday {
        queues = Map.copyOf(queues);
        leaderboard = Map.copyOf(leaderboard);
    }

    /** From today's report (one row per queue) and the leaderboard. */
    WallboardToday(Report report, Map<String, List<Leaderboard.Line>> leaderboard) {
        this(byQueue(report), leaderboard);
    }

    private static Map<String, Report.QueueRow> byQueue(Report report) {
        Map<String, Report.QueueRow> rows = new HashMap<>();
        // A report of one day in its zone has one interval; should the day be split (a zone change), the last wins.
        for (Report.QueueRow r : report.queues()) {
            rows.put(r.queue(), r);
        }
        return rows;
    }
}
