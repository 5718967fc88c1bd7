package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;


class RoutingEngineTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private final RoutingPort port = offers::add;

    private RoutingEngine engine(AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 30), new QueueDefinition("support", 15, 30)),
                List.of(agents)), port, 0);
    }

    private static AgentDefinition agent(String id, String... queues) {
        return new AgentDefinition(id, "Local/" + id + "@sim-agent/n", List.of(queues));
    }

    @Test
    void callsAreServedOneAfterAnotherInArrivalOrder() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callQueued("c1", "sales", 0, 100);
        e.callQueued("c2", "sales", 0, 101);
        e.callQueued("c3", "sales", 0, 102);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("c1");

        e.offerAnswered("c1", "a1", 200);
        e.callEnded("c1", 300);
        e.offerAnswered("c2", "a1", 310);
        e.callEnded("c2", 400);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("c1", "c2", "c3");
        assertThat(offers.get(1).waitedMillis()).isEqualTo(300 - 101);
    }

    @Test
    void longestIdleReadyAgentGetsTheCall() {
        RoutingEngine e = engine(agent("a1", "sales"), agent("a2", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        assertThat(offers.get(0).agentId()).isEqualTo("a1");
        e.offerAnswered("c1", "a1", 11);
        e.callEnded("c1", 20);
        // a2 has been idle since 0, a1 only since 20.
        e.callQueued("c2", "sales", 0, 30);
        assertThat(offers.get(1).agentId()).isEqualTo("a2");
        assertThat(offers.get(1).candidates()).containsExactly("a2", "a1");
        assertThat(offers.get(1).strategy()).isEqualTo(RoutingEngine.LONGEST_IDLE);
    }

    @Test
    void agentsOnlyTakeCallsOfTheirQueues() {
        RoutingEngine e = engine(agent("s1", "sales"), agent("t1", "support"));
        e.callQueued("c1", "support", 0, 10);
        assertThat(offers).singleElement().extracting(RoutingDecision::agentId).isEqualTo("t1");
    }

    @Test
    void callerWhoHangsUpWhileWaitingIsNeverOffered() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        e.callerHungUp("c2", 12);
        e.offerAnswered("c1", "a1", 13);
        e.callEnded("c1", 20);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("c1");
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.READY);
    }

    @Test
    void ringNoAnswerPausesTheAgentAndTheCallKeepsItsPlace() {
        RoutingEngine e = engine(agent("a1", "sales"), agent("a2", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        e.callQueued("c3", "sales", 0, 12);
        assertThat(offers).extracting(RoutingDecision::agentId).containsExactly("a1", "a2");
        e.offerFailed("c1", "a1", OfferFailure.NO_ANSWER, 20);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(e.snapshot().agents().get("a1").notReadyReason()).isEqualTo("no-answer");
        // c1 is back ahead of c3.
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("c1", "c3");
        e.offerAnswered("c2", "a2", 21);
        e.callEnded("c2", 25);
        assertThat(offers.get(2).callId()).isEqualTo("c1");
        assertThat(offers.get(2).attempt()).isEqualTo(2);
        // The pause of 30 s runs out.
        e.tick(20 + 29_999);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.NOT_READY);
        e.tick(20 + 30_000);
        assertThat(offers.get(3)).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly("c3", "a1");
    }

    @Test
    void aNoAnswerPauseOfZeroLeavesTheAgentReadyAndTheNextAgentIsTriedFirst() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 0)),
                List.of(agent("a1", "sales"), agent("a2", "sales"))), port, 0);
        e.agentNotReady("a2", "break", 1);
        e.callQueued("c1", "sales", 0, 10);
        assertThat(offers).extracting(RoutingDecision::agentId).containsExactly("a1");
        e.agentReady("a2", 15);
        e.offerFailed("c1", "a1", OfferFailure.NO_ANSWER, 20);
        // No pause: a1 stays ready, never "not ready until a manual ready"; the call goes to a2, idle longer.
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.READY);
        assertThat(e.snapshot().agents().get("a1").notReadyReason()).isNull();
        assertThat(offers).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly(Tuple.tuple("c1", "a1"), Tuple.tuple("c1", "a2"));
        e.callQueued("c2", "sales", 0, 21);
        assertThat(offers.get(2)).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly("c2", "a1");
    }

    @Test
    void higherPriorityJumpsTheLine() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        e.callQueued("vip", "sales", 5, 12);
        e.offerAnswered("c1", "a1", 13);
        e.callEnded("c1", 14);
        assertThat(offers.get(1).callId()).isEqualTo("vip");
    }

    @Test
    void callerGoneDuringRingingFreesTheAgent() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        e.callerHungUp("c1", 11);
        e.offerFailed("c1", "a1", OfferFailure.CALLER_GONE, 12);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.READY);
        e.callQueued("c2", "sales", 0, 13);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("c1", "c2");
    }

    @Test
    void signedOutAgentsAreNeverOfferedAndSigningInMakesThemReady() {
        RoutingEngine e = engine(agent("a1", "sales"));
        assertThat(e.agentLoggedOut("a1", 5)).isTrue();
        e.callQueued("c1", "sales", 0, 10);
        assertThat(offers).isEmpty();
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.LOGGED_OUT);
        e.agentReady("a1", 20);
        assertThat(offers).singleElement().extracting(RoutingDecision::callId).isEqualTo("c1");
        assertThat(e.agentLoggedOut("a1", 21)).as("cannot sign out while holding a call").isFalse();
    }

    @Test
    void unknownQueueIsRefused() {
        RoutingEngine e = engine(agent("a1", "sales"));
        assertThat(e.callQueued("c1", "billing", 0, 10)).isFalse();
        assertThat(offers).isEmpty();
    }

    @Test
    void unavailableDeviceIsSkipped() {
        RoutingEngine e = engine(agent("a1", "sales"), agent("a2", "sales"));
        e.deviceAvailability("a1", false, 5);
        e.callQueued("c1", "sales", 0, 10);
        assertThat(offers.get(0).agentId()).isEqualTo("a2");
    }

    @Test
    void reconfigurationKeepsWaitingCallsAndAgentStates() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callQueued("c1", "sales", 0, 10);
        e.callQueued("c2", "sales", 0, 11);
        e.configure(new RoutingConfiguration(List.of(new QueueDefinition("sales", 20, 30)),
                List.of(agent("a1", "sales"), agent("a2", "sales"))), 12);
        assertThat(offers).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly(Tuple.tuple("c1", "a1"),
                        Tuple.tuple("c2", "a2"));
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.RESERVED);
    }
}
