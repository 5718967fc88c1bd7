package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingCoreTest {

    private final List<RoutingDecision> offers = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);

    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
        }

        @Override
        public void routingFailed(String callId, Throwable cause) {
            failed.add(callId);
        }
    };

    @Test
    void eventsFromAnyThreadReachTheEngineInOrder() throws Exception {
        try (RoutingCore core = new RoutingCore(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("a1", "Local/a1@sim-agent/n", List.of("sales")))), port, clock::get)) {
            core.callQueued("c1", "sales", 0);
            clock.addAndGet(5);
            core.callQueued("c2", "sales", 0);
            RoutingSnapshot s = core.snapshot().get(5, TimeUnit.SECONDS);
            assertThat(s.agents().get("a1").callId()).isEqualTo("c1");
            assertThat(s.waiting().get("sales")).containsExactly("c2");
            assertThat(offers).singleElement().extracting(RoutingDecision::callId).isEqualTo("c1");
            WaitEstimate waiting = core.estimate("c2").get(5, TimeUnit.SECONDS);
            assertThat(waiting.position()).isEqualTo(1);
            assertThat(waiting.expectedSeconds()).isPositive().isFinite();
            assertThat(core.estimate("c1").get(5, TimeUnit.SECONDS)).as("c1 is with an agent").isNull();
        }
    }

    @Test
    void aFailingEventSendsItsCallToTheFallbackAndTheCoreCarriesOn() throws Exception {
        try (RoutingCore core = new RoutingCore(new RoutingConfiguration(
                List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("a1", "Local/a1@sim-agent/n", List.of("sales")))), port, clock::get)) {
            core.callQueued("lost", "no-such-queue", 0);
            core.callQueued("c1", "sales", 0);
            core.snapshot().get(5, TimeUnit.SECONDS);
            assertThat(failed).containsExactly("lost");
            assertThat(offers).singleElement().extracting(RoutingDecision::callId).isEqualTo("c1");
        }
    }
}
