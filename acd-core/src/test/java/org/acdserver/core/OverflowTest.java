package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverflowTest {

    private final List<RoutingDecision> offers = new ArrayList<>();
    private final List<String> overflowed = new ArrayList<>();
    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
        }

        @Override
        public void overflowed(String callId, String queue, String reason) {
            overflowed.add(callId + "@" + queue + ":" + reason);
        }
    };

    private static QueueDefinition queue(String id, int maxWait, int maxLength, String overflow) {
        return new QueueDefinition(id, 15, 30, 0, SelectionStrategy.LONGEST_IDLE, 1, Map.of(), List.of(), maxWait,
                maxLength, overflow);
    }

    @Test
    void aFullLineSendsTheNewCallToItsFlow() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(List.of(queue("q", 0, 2, null)), List.of()),
                port, 0);
        e.callQueued("c1", "q", 0, 1);
        e.callQueued("c2", "q", 0, 2);
        e.callQueued("c3", "q", 0, 3);
        assertThat(overflowed).containsExactly("c3@q:full");
        assertThat(e.snapshot().waiting().get("q")).containsExactly("c1", "c2");
    }

    @Test
    void aCallWaitingTooLongMovesToTheOverflowQueueKeepingItsPlace() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(
                List.of(queue("q", 10, 0, "backup"), queue("backup", 0, 0, null)),
                List.of(new AgentDefinition("b", "PJSIP/b", List.of("backup")))), port, 0);
        e.agentNotReady("b", "break", 0);
        e.callQueued("early", "q", 0, 1_000);
        e.callQueued("late", "backup", 0, 5_000);
        e.tick(10_999);
        assertThat(e.snapshot().waiting().get("q")).containsExactly("early");
        e.tick(11_000);
        // "early" arrived first, so it goes ahead of "late" in the backup queue.
        assertThat(e.snapshot().waiting().get("backup")).containsExactly("early", "late");
        e.agentReady("b", 12_000);
        assertThat(offers.get(0).callId()).isEqualTo("early");
        assertThat(offers.get(0).waitedMillis()).isEqualTo(11_000);
        assertThat(overflowed).isEmpty();
    }

    @Test
    void withoutAnOverflowQueueALongWaitGoesBackToTheFlow() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(List.of(queue("q", 5, 0, null)), List.of()),
                port, 0);
        e.callQueued("c1", "q", 0, 0);
        e.tick(5_000);
        assertThat(overflowed).containsExactly("c1@q:max-wait");
        assertThat(e.snapshot().waiting().get("q")).isEmpty();
    }

    @Test
    void overflowChainsEnd() {
        RoutingEngine e = new RoutingEngine(new RoutingConfiguration(
                List.of(queue("a", 1, 0, "b"), queue("b", 1, 0, "a")), List.of()), port, 0);
        e.callQueued("c1", "a", 0, 0);
        e.tick(1_000); // a -> b
        e.tick(2_000); // b would send it back to a, which it has visited: back to the flow
        assertThat(overflowed).containsExactly("c1@b:max-wait");
    }

    @Test
    void anOverflowIntoAnUnknownQueueIsRejected() {
        assertThatThrownBy(() -> new RoutingConfiguration(List.of(queue("q", 5, 0, "nowhere")), List.of()))
                .hasMessageContaining("overflows into unknown queue nowhere");
    }
}
