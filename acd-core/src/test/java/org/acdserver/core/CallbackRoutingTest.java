package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackRoutingTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private final List<RoutingDecision> dials = new ArrayList<>();
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
        }

        @Override
        public void dialCallback(RoutingDecision decision) {
            dials.add(decision);
        }
    };

    private RoutingEngine engine(AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 1, Map.of(),
                        List.of(), 60, 0, null)), List.of(agents)), port, 0);
    }

    private static AgentDefinition agent(String id) {
        return new AgentDefinition(id, "Local/" + id + "@sim-agent/n", List.of("sales"));
    }

    /** A, B and C wait; B takes a callback; when agents free up, A, then B's callback, then C. */
    private RoutingEngine abcWithBsCallback() {
        RoutingEngine e = engine(agent("a1"));
        e.agentNotReady("a1", "break", 0);
        e.callQueued("A", "sales", 0, 100);
        e.callQueued("B", "sales", 0, 200);
        e.callQueued("C", "sales", 0, 300);
        assertThat(e.callHeld("B", 400)).isTrue();
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("A", "C");
        assertThat(e.callbackQueued(new CallbackRequest("cb-B", "B", "sales", 0, Map.of(), 200, 0), 500)).isTrue();
        e.callerHungUp("B", 510);
        return e;
    }

    @Test
    void aCallbackKeepsTheCallersPlaceInLine() {
        RoutingEngine e = abcWithBsCallback();
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("A", "cb-B", "C");
        e.agentReady("a1", 600);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("A");
        e.offerAnswered("A", "a1", 610);
        e.callEnded("A", 700);
        assertThat(dials).singleElement().satisfies(d -> {
            assertThat(d.callId()).isEqualTo("cb-B");
            assertThat(d.agentId()).isEqualTo("a1");
            assertThat(d.waitedMillis()).isEqualTo(700 - 200);
        });
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.RESERVED);
        assertThat(e.snapshot().agents().get("a1").callId()).isEqualTo("cb-B");
        e.offerAnswered("cb-B", "a1", 710);
        e.callEnded("cb-B", 800);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("A", "C");
    }

    @Test
    void aCustomerWhoCannotBeReachedFreesTheAgentAtOnceAndWaitsForTheRetryAtItsPlace() {
        RoutingEngine e = abcWithBsCallback();
        e.callerHungUp("A", 550);
        e.callerHungUp("C", 551);
        e.agentReady("a1", 600);
        e.offerAnswered("cb-B", "a1", 610);
        e.callQueued("D", "sales", 0, 615);
        e.callbackAttemptFailed("cb-B", "a1", 5_000, 620);
        // The agent is free at once and takes D; the callback waits for its retry time outside the line.
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("D");
        assertThat(e.snapshot().scheduledCallbacks()).containsExactly("cb-B");
        e.offerAnswered("D", "a1", 630);
        e.callQueued("E", "sales", 0, 700);
        e.tick(4_999);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("E");
        e.tick(5_000);
        // Back at its original place: ahead of E, who came later.
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("cb-B", "E");
        e.callEnded("D", 5_100);
        assertThat(dials).extracting(RoutingDecision::callId).containsExactly("cb-B", "cb-B");
        assertThat(dials.get(1).attempt()).isEqualTo(2);
        e.offerAnswered("cb-B", "a1", 5_110);
        e.callbackAttemptFailed("cb-B", "a1", 0, 5_200);
        // The last attempt failed: the callback is over and the agent goes on to E.
        assertThat(e.snapshot().scheduledCallbacks()).isEmpty();
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("D", "E");
    }

    @Test
    void anAgentWhoDoesNotAnswerTheReservationGoesNotReadyAndTheCallbackKeepsItsPlace() {
        RoutingEngine e = abcWithBsCallback();
        e.callerHungUp("A", 550);
        e.agentReady("a1", 600);
        e.offerFailed("cb-B", "a1", OfferFailure.NO_ANSWER, 620);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("cb-B", "C");
    }

    @Test
    void aCallbackThatCannotBeDialedForWantOfTheDatabaseLeavesTheAgentReadyForLiveCallsAndKeepsItsPlace() {
        RoutingEngine e = abcWithBsCallback();
        e.callerHungUp("A", 550);
        e.agentReady("a1", 600);
        assertThat(dials).extracting(RoutingDecision::callId).containsExactly("cb-B");
        e.callQueued("D", "sales", 0, 605);
        // The dialer cannot reach the database: not the agent's fault.
        e.callbackDeferred("cb-B", "a1", 2_000, 610);
        assertThat(e.snapshot().agents().get("a1").state()).isNotEqualTo(AgentState.NOT_READY);
        assertThat(e.snapshot().agents().get("a1").notReadyReason()).isNull();
        // Live callers behind it are served meanwhile, in their order.
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("C");
        assertThat(e.snapshot().scheduledCallbacks()).containsExactly("cb-B");
        e.offerAnswered("C", "a1", 620);
        e.callEnded("C", 700);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("C", "D");
        e.offerAnswered("D", "a1", 710);
        e.callQueued("E", "sales", 0, 720);
        e.tick(2_000);
        // Back at its own place: ahead of E, who came later.
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("cb-B", "E");
        e.callEnded("D", 2_100);
        assertThat(dials).extracting(RoutingDecision::callId).containsExactly("cb-B", "cb-B");
    }

    @Test
    void anAgentWhoHangsUpDuringTheWhisperDeclinedItAndTheNextAgentIsTried() {
        RoutingEngine e = engine(agent("a1"), agent("a2"));
        e.agentNotReady("a2", "break", 0);
        assertThat(e.callbackQueued(new CallbackRequest("cb-X", null, "sales", 0, Map.of(), 100, 0), 100)).isTrue();
        e.agentReady("a2", 150);
        assertThat(dials).extracting(RoutingDecision::agentId).containsExactly("a1");
        e.offerAnswered("cb-X", "a1", 200);
        e.offerFailed("cb-X", "a1", OfferFailure.DECLINED, 202);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(e.snapshot().agents().get("a1").notReadyReason()).isEqualTo("declined");
        assertThat(dials).extracting(RoutingDecision::callId, RoutingDecision::agentId)
                .containsExactly(tuple("cb-X", "a1"), tuple("cb-X", "a2"));
        // The queue's pause of 30 s applies, then a1 is ready again.
        e.tick(202 + 30_000);
        assertThat(e.snapshot().agents().get("a1").state()).isEqualTo(AgentState.READY);
    }

    @Test
    void aHeldCallerWhoDeclinesGoesBackToTheirPlace() {
        RoutingEngine e = engine(agent("a1"));
        e.agentNotReady("a1", "break", 0);
        e.callQueued("A", "sales", 0, 100);
        e.callQueued("B", "sales", 0, 200);
        e.callHeld("A", 300);
        e.agentReady("a1", 310);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("B");
        e.offerFailed("B", "a1", OfferFailure.CALLER_GONE, 320);
        e.agentNotReady("a1", "break", 330);
        e.callQueued("C", "sales", 0, 340);
        e.callResumed("A", 350);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("A", "C");
    }

    @Test
    void holdingACallAlreadyReservedFreesTheAgentForTheNext() {
        RoutingEngine e = engine(agent("a1"));
        e.callQueued("A", "sales", 0, 100);
        e.callQueued("B", "sales", 0, 200);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("A");
        e.callHeld("A", 300);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("A", "B");
        // The channel refuses the stale offer; nothing changes for the agent now serving B.
        e.offerFailed("A", "a1", OfferFailure.CALLER_GONE, 310);
        assertThat(e.snapshot().agents().get("a1").callId()).isEqualTo("B");
    }

    @Test
    void aScheduledCallbackIsDialedOnlyFromItsTimeAndCanBeRescheduledOrCancelled() {
        RoutingEngine e = engine(agent("a1"));
        assertThat(e.callbackQueued(new CallbackRequest("cb1", null, "sales", 0, Map.of(), 0, 10_000), 100))
                .isTrue();
        assertThat(dials).isEmpty();
        assertThat(e.callbackRescheduled("cb1", 20_000, 200)).isTrue();
        e.tick(10_000);
        assertThat(dials).isEmpty();
        assertThat(e.callbackRescheduled("cb1", 0, 300)).isTrue();
        assertThat(dials).extracting(RoutingDecision::callId).containsExactly("cb1");
        // Being dialed: neither cancelled nor moved by a command.
        assertThat(e.callbackCancelled("cb1", 400)).isFalse();
        assertThat(e.callbackRescheduled("cb1", 9_000, 400)).isFalse();

        e.agentNotReady("a1", "x", 0);
        assertThat(e.callbackQueued(new CallbackRequest("cb2", null, "sales", 0, Map.of(), 0, 0), 500)).isTrue();
        assertThat(e.callbackCancelled("cb2", 600)).isTrue();
        assertThat(e.snapshot().waiting().get("sales")).isEmpty();
        assertThat(e.callbackQueued(new CallbackRequest("cb1", null, "sales", 0, Map.of(), 0, 0), 700))
                .as("an id in use").isFalse();
        assertThat(e.callbackQueued(new CallbackRequest("cb3", null, "nowhere", 0, Map.of(), 0, 0), 700))
                .as("an unknown queue").isFalse();
    }

    @Test
    void aCallbackIsNeverDroppedForWaitingPastTheQueueMaximum() {
        RoutingEngine e = engine(agent("a1"));
        e.agentNotReady("a1", "break", 0);
        e.callbackQueued(new CallbackRequest("cb1", null, "sales", 0, Map.of(), 0, 0), 100);
        e.tick(120_000);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("cb1");
    }
}
