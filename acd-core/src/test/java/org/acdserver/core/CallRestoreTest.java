package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Places a standby needs to take over routing: reported when a call joins a line and whenever it changes, released
 * when an agent answers, and restored held until the caller comes back, ahead of every later arrival.
 */
class CallRestoreTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private final List<CallPlace> placed = new ArrayList<>();
    private final List<String> released = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
        }

        @Override
        public boolean keepsPlaces() {
            return true;
        }

        @Override
        public void callPlaced(CallPlace place) {
            placed.add(place);
        }

        @Override
        public void placeReleased(String callId) {
            released.add(callId);
        }

        @Override
        public void callLeft(String callId, CallEnding ending) {
            left.add(callId + ":" + ending);
        }
    };

    private static AgentDefinition agent(String id, String... queues) {
        return new AgentDefinition(id, "PJSIP/" + id, List.of(queues));
    }

    private RoutingEngine engine(List<QueueDefinition> queues, AgentDefinition... agents) {
        return new RoutingEngine(new RoutingConfiguration(queues, List.of(agents)), port, 0);
    }

    private RoutingEngine engine(AgentDefinition... agents) {
        return engine(List.of(new QueueDefinition("sales", 15, 30)), agents);
    }

    @Test
    void aCallReportsItsPlaceOnJoiningAndReleasesItWhenAnswered() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.agentNotReady("a1", "break", 0);
        e.callQueued("c1", "sales", 3, Map.of(), 100);
        assertThat(placed).singleElement().satisfies(p -> {
            assertThat(p.callId()).isEqualTo("c1");
            assertThat(p.queue()).isEqualTo("sales");
            assertThat(p.priority()).isEqualTo(3);
            assertThat(p.enqueuedAtMillis()).isEqualTo(100);
        });
        e.agentReady("a1", 200);
        assertThat(released).isEmpty();
        e.offerAnswered("c1", "a1", 210);
        assertThat(released).containsExactly("c1");
    }

    @Test
    void escalationAndOverflowReportTheNewPlace() {
        QueueDefinition sales = new QueueDefinition("sales", 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 0, Map.of(),
                List.of(new EscalationRule(10, Map.of(), 5)), 20, 0, "overflow");
        RoutingEngine e = engine(List.of(sales, new QueueDefinition("overflow", 15, 30)));
        e.callQueued("c1", "sales", 1, Map.of(), 0);
        e.tick(10_000);
        assertThat(placed).last().satisfies(p -> {
            assertThat(p.priority()).isEqualTo(6);
            assertThat(p.escalationSteps()).isEqualTo(1);
        });
        e.tick(20_000);
        assertThat(placed).last().satisfies(p -> {
            assertThat(p.queue()).isEqualTo("overflow");
            assertThat(p.history()).containsExactly("sales");
            assertThat(p.enqueuedAtMillis()).isZero();
        });
    }

    @Test
    void restoredCallsWaitForTheirCallersAndThenGoAheadOfLaterArrivals() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.agentNotReady("a1", "break", 0);
        e.callRestored(place("r1", 100), 1_000);
        e.callRestored(place("r2", 200), 1_000);
        e.callRestored(place("r3", 300), 1_000);
        // Nobody is offered a held call, even with an agent ready.
        e.agentReady("a1", 1_100);
        assertThat(offers).isEmpty();
        e.agentNotReady("a1", "break", 1_150);

        e.callQueued("new", "sales", 0, Map.of(), 1_200);
        e.callQueued("r3", "sales", 0, Map.of(), 1_300);
        e.callQueued("r1", "sales", 0, Map.of(), 1_400);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("r1", "r3", "new");

        // The caller of r2 never came back: it ends as abandoned, and the others keep their order.
        e.callerHungUp("r2", 5_000);
        assertThat(left).containsExactly("r2:ABANDONED");
        e.agentReady("a1", 5_100);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("r1");
        assertThat(offers.get(0).waitedMillis()).isEqualTo(5_100 - 100);
    }

    @Test
    void callersWhoComeBackTogetherAreServedInTheirOldOrderNotInTheOrderTheyReturn() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callRestored(place("r1", 100), 3_000, 1_000);
        e.callRestored(place("r2", 200), 3_000, 1_000);
        e.callRestored(place("r3", 300), 3_000, 1_000);
        // The agent is free, but r1, first in line, is not back yet: the queue waits for it.
        e.callQueued("r3", "sales", 0, Map.of(), 1_100);
        e.callQueued("r2", "sales", 0, Map.of(), 1_200);
        e.tick(1_250);
        assertThat(offers).isEmpty();
        e.callQueued("r1", "sales", 0, Map.of(), 1_300);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("r1");
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("r2", "r3");
    }

    @Test
    void aCallerWhoStaysAwayHoldsTheQueueNoLongerThanTheHoldAfterTheLatestReturn() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callRestored(place("r1", 100), 3_000, 1_000);
        e.callRestored(place("r2", 200), 3_000, 1_000);
        e.callQueued("r2", "sales", 0, Map.of(), 1_500);
        e.tick(4_499);
        assertThat(offers).as("held until 3 s after the latest return").isEmpty();
        e.tick(4_500);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("r2");

        // r1 comes back late, within the grace: it still goes ahead of a caller who arrived after it.
        e.callQueued("later", "sales", 0, Map.of(), 5_000);
        e.callQueued("r1", "sales", 0, Map.of(), 6_000);
        assertThat(e.snapshot().waiting().get("sales")).containsExactly("r1", "later");
    }

    @Test
    void aCallerTakenForGoneReleasesTheQueueAtOnce() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.callRestored(place("r1", 100), 3_000, 1_000);
        e.callRestored(place("r2", 200), 3_000, 1_000);
        e.callQueued("r2", "sales", 0, Map.of(), 1_100);
        assertThat(offers).isEmpty();
        e.callerHungUp("r1", 1_200);
        assertThat(left).containsExactly("r1:ABANDONED");
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("r2");
    }

    @Test
    void aNewCallerIsServedAtOnceWhenNoRestoredCallerIsAwayInItsQueue() {
        RoutingEngine e = engine(List.of(new QueueDefinition("sales", 15, 30), new QueueDefinition("support", 15, 30)),
                agent("a1", "sales", "support"));
        e.callRestored(place("r1", 100), 3_000, 1_000);
        e.callQueued("s1", "support", 0, Map.of(), 1_100);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("s1");
    }

    @Test
    void aRestoredCallKeepsItsPriorityEscalationAndSkills() {
        RoutingEngine e = engine(agent("a1", "sales"));
        e.agentNotReady("a1", "break", 0);
        CallPlace vip = new CallPlace("vip", "sales", 9, 50, 7, Map.of(), Map.of(), 2, List.of("front"));
        e.callQueued("early", "sales", 0, Map.of(), 10);
        assertThat(e.callRestored(vip, 1_000)).isTrue();
        // Restoring reports the place again, as this core now orders it.
        assertThat(placed).last().satisfies(p -> {
            assertThat(p.callId()).isEqualTo("vip");
            assertThat(p.priority()).isEqualTo(9);
            assertThat(p.escalationSteps()).isEqualTo(2);
            assertThat(p.history()).containsExactly("front");
        });
        // Back in the flow, the caller's queue step asks again with its original priority: the stored one counts.
        e.callQueued("vip", "sales", 0, Map.of(), 1_100);
        e.agentReady("a1", 1_200);
        assertThat(offers).extracting(RoutingDecision::callId).containsExactly("vip");
        assertThat(offers.get(0).priority()).isEqualTo(9);
    }

    @Test
    void anUnknownQueueOrAKnownCallIsNotRestored() {
        RoutingEngine e = engine(agent("a1", "sales"));
        assertThat(e.callRestored(new CallPlace("x", "gone", 0, 0, 1, Map.of(), Map.of(), 0, List.of()), 10))
                .isFalse();
        e.agentNotReady("a1", "break", 0);
        e.callQueued("c1", "sales", 0, Map.of(), 10);
        assertThat(e.callRestored(place("c1", 5), 20)).isFalse();
    }

    private static CallPlace place(String id, long enqueuedAt) {
        return new CallPlace(id, "sales", 0, enqueuedAt, enqueuedAt, Map.of(), Map.of(), 0, List.of());
    }
}
