package org.acdserver.gateway.supervisor;

import java.util.List;
import java.util.Map;

/**
 * What one wallboard shows: the queues its viewer supervises and the agents who serve them. Times that grow by
 * themselves (the longest wait, time in state) are sent as the instant they began, so that the page counts them up
 * and the server sends a message only when something really changed.
 *
 * @param queues per queue, in id order
 * @param agents per agent serving at least one of those queues, in id order
 */
public record WallboardView(List<QueueBoard> queues, List<AgentLine> agents) {

    /**
     * One queue now and today.
     *
     * @param waiting          calls in its line
     * @param waitingLevel     ok, warn or alert
     * @param oldestEnqueuedAt epoch milliseconds when the longest-waiting call entered the queue; 0 when none waits
     * @param longestWaitWarn  the longest wait's warn threshold in seconds (the page colours it as it grows)
     * @param longestWaitAlert the longest wait's alert threshold in seconds
     * @param agents           the queue's members by state (lower-case state names)
     * @param today            the day's figures, as the report API gives them for today
     * @param ahtTargetSeconds the handle time the leaderboard compares against
     * @param leaderboard      the day's agents of this queue, most calls handled first
     */
    public record QueueBoard(String queue, int waiting, String waitingLevel, long oldestEnqueuedAt,
                             double longestWaitWarn, double longestWaitAlert, Map<String, Integer> agents,
                             Today today, int ahtTargetSeconds, List<Leader> leaderboard) {
    }

    /**
     * A queue's figures since midnight in the report time zone (calls count on the day they entered the queue).
     *
     * @param serviceLevel      answered in target / answered (null before the first answer)
     * @param serviceLevel2     answered in target / (answered + abandoned)
     * @param serviceLevelLevel ok, warn or alert, from {@code serviceLevel}
     * @param abandoned         abandoned in queue, short abandons excluded
     */
    public record Today(long offered, long answered, long abandoned, Double serviceLevel, Double serviceLevel2,
                        String serviceLevelLevel, Double asaSeconds, Double ahtSeconds, int targetPercent,
                        int targetSeconds) {

        /** A queue nothing entered today. */
        static Today none(int targetPercent, int targetSeconds) {
            return new Today(0, 0, 0, null, null, "ok", null, null, targetPercent, targetSeconds);
        }
    }

    /**
     * One agent's day in one queue.
     *
     * @param handled     calls of the queue the agent answered today
     * @param ahtSeconds  (talk + hold + wrap-up) / handled, or null
     * @param overTarget  whether the handle time is above the queue's target
     * @param csatMean    mean survey score (1-5) of those calls, or null without answers
     * @param csatAnswers how many of those calls have a survey score
     */
    public record Leader(String agent, long handled, Double ahtSeconds, boolean overTarget, Double csatMean,
                         long csatAnswers) {
    }

    /**
     * One agent now.
     *
     * @param state  lower-case state name (ready, not_ready, ringing, on_call, on_hold, wrap_up, ...)
     * @param reason the not-ready reason, or null
     * @param queue  the queue of the call the agent is busy with, or null
     * @param since  epoch milliseconds when the state began
     */
    public record AgentLine(String agent, String state, String reason, String queue, long since) {
    }
}
