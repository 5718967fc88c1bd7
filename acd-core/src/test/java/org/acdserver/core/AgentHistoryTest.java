package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every change of an agent's activity reaches the port once, with its cause, its call and the event's time. */
class AgentHistoryTest {

    private final List<AgentStateChange> changes = new ArrayList<>();
    private final List<RoutingDecision> offers = new ArrayList<>();
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
        }

        @Override
        public void agentStateChanged(AgentStateChange change) {
            changes.add(change);
        }
    };

    private RoutingEngine engine(int wrapUpSeconds, int noAnswerPauseSeconds) {
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, noAnswerPauseSeconds, wrapUpSeconds,
                        SelectionStrategy.LONGEST_IDLE, 0)),
                List.of(new AgentDefinition("ann", "PJSIP/ann", List.of("sales")))), port, 1_000);
    }

    /** The changes since the start, as "activity cause reason call @time". */
    private List<String> log() {
        return changes.stream().map(c -> c.activity() + " " + c.cause() + " " + c.reason() + " " + c.callId()
                + (c.queue() == null ? "" : "/" + c.queue() + "/" + c.callEnqueuedAtMillis()) + " @" + c.atMillis())
                .toList();
    }

    @Test
    void aCallRingsIsTalkedHeldAndWrappedUpThenTheAgentIsReadyAgain() {
        RoutingEngine e = engine(30, 0);
        e.callQueued("c1", "sales", 0, 2_000);
        e.offerAnswered("c1", "ann", 5_000);
        e.agentHold("ann", true, AgentStateCause.DESKTOP, 10_000);
        e.agentHold("ann", true, AgentStateCause.DESKTOP, 11_000);
        e.agentHold("ann", false, AgentStateCause.DESKTOP, 20_000);
        e.callEnded("c1", 65_000);
        e.tick(80_000);
        e.tick(95_000);
        assertThat(log()).containsExactly(
                "LOGGED_IN SYSTEM null null @1000",
                "READY SYSTEM null null @1000",
                "RINGING SYSTEM null c1/sales/2000 @2000",
                "ON_CALL SYSTEM null c1/sales/2000 @5000",
                "ON_HOLD DESKTOP null c1/sales/2000 @10000",
                "ON_CALL DESKTOP null c1/sales/2000 @20000",
                "WRAP_UP SYSTEM null c1/sales/2000 @65000",
                "READY SYSTEM null null @95000");
    }

    @Test
    void aRingNoAnswerPausesTheAgentWithTheCallThatRangOut() {
        RoutingEngine e = engine(0, 30);
        e.callQueued("c1", "sales", 0, 2_000);
        e.offerFailed("c1", "ann", OfferFailure.NO_ANSWER, 17_000);
        e.tick(47_000);
        assertThat(log()).containsSubsequence(
                "RINGING SYSTEM null c1/sales/2000 @2000",
                "NOT_READY RING_NO_ANSWER no-answer c1/sales/2000 @17000",
                "READY SYSTEM null null @47000",
                "RINGING SYSTEM null c1/sales/2000 @47000");
    }

    @Test
    void pausesWithReasonsSignOutAndSignInAreReportedWithTheirCause() {
        RoutingEngine e = engine(0, 0);
        e.agentNotReady("ann", "lunch", AgentStateCause.FEATURE_CODE, 2_000);
        e.agentNotReady("ann", "lunch", AgentStateCause.FEATURE_CODE, 2_500);
        e.agentNotReady("ann", "training", AgentStateCause.SUPERVISOR, 3_000);
        e.agentLoggedOut("ann", AgentStateCause.DESKTOP, 4_000);
        e.agentReady("ann", AgentStateCause.FEATURE_CODE, 5_000);
        assertThat(log()).containsExactly(
                "LOGGED_IN SYSTEM null null @1000",
                "READY SYSTEM null null @1000",
                "NOT_READY FEATURE_CODE lunch null @2000",
                "NOT_READY SUPERVISOR training null @3000",
                "LOGGED_OUT DESKTOP null null @4000",
                "LOGGED_IN FEATURE_CODE null null @5000",
                "READY FEATURE_CODE null null @5000");
    }

    @Test
    void aPhoneThatBecomesUnavailableMakesAReadyAgentUnavailable() {
        RoutingEngine e = engine(0, 0);
        e.deviceAvailability("ann", false, AgentStateCause.PHONE_UNREGISTERED, 2_000);
        e.deviceAvailability("ann", true, AgentStateCause.PHONE_UNREGISTERED, 3_000);
        e.agentNotReady("ann", "break", AgentStateCause.FEATURE_CODE, 4_000);
        // Not ready says more than the phone: no entry while paused.
        e.deviceAvailability("ann", false, AgentStateCause.PHONE_UNREGISTERED, 5_000);
        assertThat(log()).containsExactly(
                "LOGGED_IN SYSTEM null null @1000",
                "READY SYSTEM null null @1000",
                "UNAVAILABLE PHONE_UNREGISTERED null null @2000",
                "READY PHONE_UNREGISTERED null null @3000",
                "NOT_READY FEATURE_CODE break null @4000");
    }

    @Test
    void aCallerWhoHangsUpWhileTheAgentRingsFreesTheAgent() {
        RoutingEngine e = engine(0, 0);
        e.callQueued("c1", "sales", 0, 2_000);
        e.callerHungUp("c1", 4_000);
        assertThat(log()).endsWith("RINGING SYSTEM null c1/sales/2000 @2000", "READY SYSTEM null null @4000");
    }

    @Test
    void aReloadSignsInNewAgentsAndSignsOutRemovedOnes() {
        RoutingEngine e = engine(0, 0);
        changes.clear();
        e.configure(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("bob", "PJSIP/bob", List.of("sales")))), 9_000);
        assertThat(changes).extracting(c -> c.agentId() + " " + c.activity()).containsExactly(
                "ann LOGGED_OUT", "bob LOGGED_IN", "bob READY");
        changes.clear();
        e.configure(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("bob", "PJSIP/bob", List.of("sales")))), 10_000);
        assertThat(changes).as("an agent who stays keeps its state without a new entry").isEmpty();
    }

    @Test
    void queueStatusCountsCallsInLineTheLongestWaitAndMembersByActivity() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("ann", "PJSIP/ann", List.of("sales")),
                        new AgentDefinition("bob", "PJSIP/bob", List.of("sales")))), port, 0);
        e.agentNotReady("bob", "lunch", 500);
        e.callQueued("c1", "sales", 0, 1_000);
        e.callQueued("c2", "sales", 0, 2_000);
        e.callQueued("c3", "sales", 5, 3_000);
        QueueStatus s = e.queueStatus().get(0);
        assertThat(s.queue()).isEqualTo("sales");
        assertThat(s.waiting()).isEqualTo(2);
        assertThat(s.oldestEnqueuedAtMillis()).as("c2, behind the higher-priority c3 but waiting longest")
                .isEqualTo(2_000);
        assertThat(s.longestWaitSeconds(12_000)).isEqualTo(10.0);
        assertThat(s.agents()).isEqualTo(Map.of(AgentActivity.RINGING, 1, AgentActivity.NOT_READY, 1));
    }
}
