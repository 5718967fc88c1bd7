package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Blind transfers to a named agent: the hold, the refusals, the offer, and the fallback to the queue. */
class NamedTransfersTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private final RoutingPort port = offers::add;

    /** sales: wrap-up 5 s, no-answer pause 30 s; support: no wrap-up. */
    private RoutingEngine engine(AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 30, 5, SelectionStrategy.LONGEST_IDLE, 0),
                        new QueueDefinition("support", 15, 30)),
                List.of(agents)), port, 0);
    }

    private static AgentDefinition agent(String id, String... queues) {
        return new AgentDefinition(id, "Local/" + id + "@sim-agent/n", List.of(queues));
    }

    private static AgentState state(RoutingEngine e, String agent) {
        return e.snapshot().agents().get(agent).state();
    }

    /** amy (sales, french) talks on c1, which needs french; bob serves support only and speaks no french. */
    private RoutingEngine amyTalking(AgentDefinition... more) {
        List<AgentDefinition> agents = new ArrayList<>(List.of(
                new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales"), Map.of("french", 3)),
                agent("bob", "support")));
        agents.addAll(List.of(more));
        RoutingEngine e = engine(agents.toArray(AgentDefinition[]::new));
        e.callQueued("c1", "sales", 3, Map.of("french", 2), 100);
        e.offerAnswered("c1", "amy", 110);
        return e;
    }

    @Test
    void theNamedAgentIsHeldThenOfferedTheCallAloneWhateverItsQueues() {
        RoutingEngine e = amyTalking();
        assertThat(e.transfers().reserve("c1", "bob", 200)).isEmpty();
        assertThat(state(e, "bob")).isEqualTo(AgentState.RESERVED);

        // No other call reaches bob while he is held.
        e.callQueued("c2", "support", 0, 210);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("c1");

        // amy's leg ends; the call comes back as a request of its queue, with its priority and skills.
        e.callEnded("c1", 300);
        assertThat(e.transfers().offer("c1", "sales", 3, Map.of("french", 2), "bob", 301)).isTrue();
        RoutingDecision d = offers.get(offers.size() - 1);
        assertThat(d.callId()).isEqualTo("c1");
        assertThat(d.agentId()).isEqualTo("bob");
        assertThat(d.candidates()).containsExactly("bob");
        assertThat(d.strategy()).isEqualTo(NamedTransfers.STRATEGY);
        assertThat(d.priority()).isEqualTo(3);
        assertThat(state(e, "amy")).isEqualTo(AgentState.WRAP_UP);
        assertThat(e.snapshot().waiting().get("support")).containsExactly("c2");

        e.offerAnswered("c1", "bob", 310);
        assertThat(e.snapshot().agents().get("bob").callId()).isEqualTo("c1");
        assertThat(state(e, "bob")).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void aTargetThatIsNotReadyIsRefusedNamingItsStateAndNothingChanges() {
        RoutingEngine e = amyTalking(agent("cleo", "sales"), agent("dan", "sales"), agent("eve", "sales"));
        e.agentNotReady("bob", "lunch", 120);
        e.deviceAvailability("cleo", false, 120);
        e.agentLoggedOut("dan", 120);
        e.callQueued("c9", "sales", 0, 130);
        assertThat(offers.get(offers.size() - 1).agentId()).isEqualTo("eve");
        RoutingSnapshot before = e.snapshot();

        assertThat(e.transfers().reserve("c1", "bob", 200))
                .hasValue("agent bob cannot take a transfer: not_ready (lunch)");
        assertThat(e.transfers().reserve("c1", "cleo", 200)).hasValue("agent cleo cannot take a transfer: unavailable");
        assertThat(e.transfers().reserve("c1", "dan", 200)).hasValue("agent dan cannot take a transfer: logged_out");
        assertThat(e.transfers().reserve("c1", "eve", 200)).hasValue("agent eve cannot take a transfer: ringing");
        assertThat(e.transfers().reserve("c1", "amy", 200)).hasValue("agent amy cannot take a transfer: on_call");
        assertThat(e.transfers().reserve("c1", "zed", 200)).hasValue("there is no agent zed");

        assertThat(e.snapshot()).isEqualTo(before);
    }

    @Test
    void anAgentInWrapUpIsRefused() {
        RoutingEngine e = amyTalking(agent("cleo", "sales"));
        e.callQueued("c2", "sales", 0, 120);
        e.offerAnswered("c2", "cleo", 121);
        e.callEnded("c2", 130);
        assertThat(state(e, "cleo")).isEqualTo(AgentState.WRAP_UP);
        assertThat(e.transfers().reserve("c1", "cleo", 131)).hasValue("agent cleo cannot take a transfer: wrap_up");
    }

    @Test
    void aTargetThatDoesNotAnswerGetsTheNoAnswerPauseAndTheCallGoesBackToItsQueue() {
        RoutingEngine e = amyTalking();
        e.callQueued("c2", "sales", 0, 120);
        e.transfers().reserve("c1", "bob", 200);
        e.callEnded("c1", 300);
        e.transfers().offer("c1", "sales", 3, Map.of("french", 2), "bob", 301);

        e.offerFailed("c1", "bob", OfferFailure.NO_ANSWER, 316);
        assertThat(state(e, "bob")).isEqualTo(AgentState.NOT_READY);
        // Priority 3 puts it ahead of c2 in the sales line: it kept its priority.
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("c1", "c2");

        // amy's wrap-up ends: she takes the call by the queue's usual rules, skills included.
        e.tick(310 + 5_000);
        RoutingDecision d = offers.get(offers.size() - 1);
        assertThat(d.callId()).isEqualTo("c1");
        assertThat(d.agentId()).isEqualTo("amy");
        assertThat(d.priority()).isEqualTo(3);
        assertThat(d.requiredSkills()).containsEntry("french", 2);
        assertThat(d.strategy()).isEqualTo(RoutingEngine.LONGEST_IDLE);
    }

    @Test
    void aHoldWhoseCallNeverComesIsGivenUp() {
        RoutingEngine e = amyTalking();
        e.callQueued("c2", "support", 0, 120);
        assertThat(offers.get(offers.size() - 1).agentId()).isEqualTo("bob");
        e.offerFailed("c2", "bob", OfferFailure.CALLER_GONE, 121);

        e.transfers().reserve("c1", "bob", 200);
        e.tick(200 + NamedTransfers.HOLD_MILLIS - 1);
        assertThat(state(e, "bob")).isEqualTo(AgentState.RESERVED);
        e.tick(200 + NamedTransfers.HOLD_MILLIS);
        assertThat(state(e, "bob")).isEqualTo(AgentState.READY);

        e.transfers().reserve("c1", "bob", 20_000);
        e.transfers().cancel("c1", "bob", 20_001);
        assertThat(state(e, "bob")).isEqualTo(AgentState.READY);
        // A late offer finds no hold: the caller queues the call as usual.
        assertThat(e.transfers().offer("c1", "sales", 3, Map.of(), "bob", 20_002)).isFalse();
    }

    @Test
    void aFreedTargetTakesTheCallThatWaitedForIt() {
        RoutingEngine e = amyTalking();
        e.transfers().reserve("c1", "bob", 200);
        e.callQueued("c2", "support", 0, 210);
        e.transfers().cancel("c1", "bob", 220);
        RoutingDecision d = offers.get(offers.size() - 1);
        assertThat(d.callId()).isEqualTo("c2");
        assertThat(d.agentId()).isEqualTo("bob");
    }

    @Test
    void aTargetWhosePhoneWentAwayIsNotRungAndTheCallJoinsItsLine() {
        RoutingEngine e = amyTalking();
        e.transfers().reserve("c1", "bob", 200);
        e.deviceAvailability("bob", false, 250);
        e.callEnded("c1", 300);
        assertThat(e.transfers().offer("c1", "sales", 3, Map.of(), "bob", 301)).isFalse();
        assertThat(e.callQueued("c1", "sales", 3, Map.of(), 301)).isTrue();
        assertThat(offers).extracting(RoutingDecision::agentId).containsExactly("amy");
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("c1");
        assertThat(state(e, "bob")).isEqualTo(AgentState.READY);
    }

    @Test
    void theCoreReservesOffersAndListsActivitiesOnItsThread() throws Exception {
        List<RoutingDecision> seen = new CopyOnWriteArrayList<>();
        try (RoutingCore core = new RoutingCore(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 30), new QueueDefinition("support", 15, 30)),
                List.of(agent("amy", "sales"), agent("bob", "support"))), seen::add, () -> 1_000)) {
            core.callQueued("c1", "sales", 0);
            core.offerAnswered("c1", "amy");
            assertThat(core.transferReserved("c1", "amy").get()).hasValueSatisfying(
                    why -> assertThat(why).contains("amy", "on_call"));
            assertThat(core.transferReserved("c1", "bob").get()).isEmpty();
            assertThat(core.agentActivities().get()).containsExactly(
                    Map.entry("amy", AgentActivity.ON_CALL), Map.entry("bob", AgentActivity.RINGING));
            core.callEnded("c1");
            core.callTransferred("c1", "sales", 0, Map.of(), "bob");
            assertThat(core.agentActivities().get()).containsEntry("bob", AgentActivity.RINGING)
                    .containsEntry("amy", AgentActivity.READY);
            assertThat(seen).extracting(RoutingDecision::agentId).containsExactly("amy", "bob");
        }
    }
}
