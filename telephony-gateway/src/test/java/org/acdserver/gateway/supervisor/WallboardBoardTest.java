package org.acdserver.gateway.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.QueueStatus;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.config.WallboardSettings;
import org.acdserver.gateway.config.WallboardSettings.Threshold;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.Report;
import org.junit.jupiter.api.Test;

/** What one viewer's wallboard holds: only their queues and those queues' agents, with today's figures and colours. */
class WallboardBoardTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ConfigurationSnapshot CONFIG = ConfigurationSnapshot.builder(new RoutingConfiguration(
                    List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
                    List.of(new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales")),
                            new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("support")),
                            new AgentDefinition("cat", "Local/cat@sim-agent/n", List.of("sales", "support")))))
            .serviceLevels(Map.of("sales", new ServiceLevelTarget(80, 20)))
            .wallboards(Map.of("sales", new WallboardSettings(200, new Threshold(1, 3), new Threshold(20, 60),
                    new Threshold(80, 70))))
            .build();
    private static final List<QueueStatus> STATUS = List.of(
            new QueueStatus("sales", 2, T0.toEpochMilli(), Map.of(AgentActivity.ON_CALL, 1, AgentActivity.READY, 1)),
            new QueueStatus("support", 0, 0, Map.of(AgentActivity.READY, 2)));
    private static final Map<String, AgentStateLog.Current> AGENTS = Map.of(
            "amy", new AgentStateLog.Current(AgentActivity.ON_CALL, null, "c1", "sales", T0),
            "bob", new AgentStateLog.Current(AgentActivity.NOT_READY, "lunch", null, null, T0.plusSeconds(5)),
            "cat", new AgentStateLog.Current(AgentActivity.ON_CALL, null, "c2", "support", T0.plusSeconds(9)));

    private static Report.QueueRow row(String queue, long answered, long inTarget, long abandoned) {
        double sl = (double) inTarget / answered;
        return new Report.QueueRow(queue, T0, T0.plusSeconds(86_400), answered + abandoned, answered, inTarget,
                abandoned, 0, 0, 0, 0, answered, 0, 0, 80, 20, sl, (double) inTarget / (answered + abandoned), 12.5,
                250.0, 200.0, 10.0, 40.0, 0.1, 30, 0, 0, null, 0, null, null, 0, null, 0, null, null, 1, null, null,
                null);
    }

    private static final WallboardToday TODAY = new WallboardToday(
            Map.of("sales", row("sales", 4, 3, 1), "support", row("support", 10, 10, 0)),
            Map.of("sales", List.of(new Leaderboard.Line("sales", "amy", 3, 750, 4.5, 2),
                    new Leaderboard.Line("sales", "cat", 1, 120, null, 0))));

    @Test
    void aSupervisorSeesTheirQueuesAndOnlyTheAgentsWhoServeThem() {
        WallboardView v = WallboardBoard.of(STATUS, AGENTS, TODAY, CONFIG, Set.of("sales"));
        assertThat(v.queues()).extracting(WallboardView.QueueBoard::queue).containsExactly("sales");
        assertThat(v.agents()).extracting(WallboardView.AgentLine::agent).containsExactly("amy", "cat");
        // Cat serves support too, but the call she is on is support's: its queue is not shown to sales' supervisor.
        assertThat(v.agents().get(1).queue()).isNull();
        assertThat(v.agents().get(0)).isEqualTo(new WallboardView.AgentLine("amy", "on_call", null, "sales",
                T0.toEpochMilli()));
    }

    @Test
    void anAdminSeesEveryQueueAndAgentWithReasons() {
        WallboardView v = WallboardBoard.of(STATUS, AGENTS, TODAY, CONFIG, null);
        assertThat(v.queues()).extracting(WallboardView.QueueBoard::queue).containsExactly("sales", "support");
        assertThat(v.agents()).extracting(WallboardView.AgentLine::agent).containsExactly("amy", "bob", "cat");
        assertThat(v.agents().get(1).reason()).isEqualTo("lunch");
        assertThat(v.agents().get(1).state()).isEqualTo("not_ready");
    }

    @Test
    void todaysFiguresAreTheReportsAndColouredByTheQueuesThresholds() {
        WallboardView.QueueBoard sales = WallboardBoard.of(STATUS, AGENTS, TODAY, CONFIG, null).queues().get(0);
        assertThat(sales.waiting()).isEqualTo(2);
        assertThat(sales.waitingLevel()).isEqualTo("warn");
        assertThat(sales.oldestEnqueuedAt()).isEqualTo(T0.toEpochMilli());
        assertThat(sales.longestWaitWarn()).isEqualTo(20);
        assertThat(sales.agents()).containsEntry("on_call", 1).containsEntry("ready", 1);
        assertThat(sales.today()).isEqualTo(new WallboardView.Today(5, 4, 1, 0.75, 0.6, "warn", 12.5, 250.0, 80, 20));
        assertThat(sales.ahtTargetSeconds()).isEqualTo(200);
        // Amy's 250 s is over the 200 s target, Cat's 120 s is not; no survey for Cat: no CSAT.
        assertThat(sales.leaderboard()).containsExactly(
                new WallboardView.Leader("amy", 3, 250.0, true, 4.5, 2),
                new WallboardView.Leader("cat", 1, 120.0, false, null, 0));
        WallboardView.QueueBoard support = WallboardBoard.of(STATUS, AGENTS, TODAY, CONFIG, null).queues().get(1);
        assertThat(support.waitingLevel()).isEqualTo("ok");
        assertThat(support.oldestEnqueuedAt()).isZero();
        assertThat(support.today().serviceLevelLevel()).isEqualTo("ok");
        assertThat(support.leaderboard()).isEmpty();
    }

    @Test
    void aQueueWithNothingTodayShowsNoFiguresAndAnAgentNeverSeenIsSignedOut() {
        WallboardView v = WallboardBoard.of(List.of(), Map.of(), WallboardToday.NONE, CONFIG, Set.of("support"));
        WallboardView.QueueBoard support = v.queues().get(0);
        assertThat(support.waiting()).isZero();
        assertThat(support.today()).isEqualTo(WallboardView.Today.none(80, 20));
        assertThat(v.agents()).containsExactly(new WallboardView.AgentLine("bob", "logged_out", null, null, 0),
                new WallboardView.AgentLine("cat", "logged_out", null, null, 0));
    }

    @Test
    void aSupervisorOfNoQueueSeesNothing() {
        WallboardView v = WallboardBoard.of(STATUS, AGENTS, TODAY, CONFIG, Set.of());
        assertThat(v.queues()).isEmpty();
        assertThat(v.agents()).isEmpty();
    }
}
