package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingCoreTest {

    private final List<RoutingDecision> offers = new CopyOnWriteArrayList<>();
    private final List<Thread> offeredOn = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000);

    private final RoutingPort port = new RoutingPort() {
        @Override
        public void offer(RoutingDecision decision) {
            offers.add(decision);
            offeredOn.add(Thread.currentThread());
        }

        @Override
        public void routingFailed(String callId, Throwable cause) {
            failed.add(callId);
        }
    };

    /** A core with one queue, {@code sales}, and one agent, {@code a1}, in it. */
    private RoutingCore salesWithOneAgent(RoutingPort to) {
        return new RoutingCore(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 0)),
                List.of(new AgentDefinition("a1", "Local/a1@sim-agent/n", List.of("sales")))), to, clock::get);
    }

    @Test
    void eventsFromAnyThreadReachTheEngineInOrder() throws Exception {
        try (RoutingCore core = salesWithOneAgent(port)) {
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
        try (RoutingCore core = salesWithOneAgent(port)) {
            core.callQueued("lost", "no-such-queue", 0);
            core.callQueued("c1", "sales", 0);
            core.snapshot().get(5, TimeUnit.SECONDS);
            assertThat(failed).containsExactly("lost");
            assertThat(offers).singleElement().extracting(RoutingDecision::callId).isEqualTo("c1");
        }
    }

    @Test
    void decisionsLeaveOnTheNamedDaemonRoutingThread() throws Exception {
        try (RoutingCore core = salesWithOneAgent(port)) {
            core.callQueued("c1", "sales", 0);
            core.snapshot().get(5, TimeUnit.SECONDS);
            // Named, so that a thread dump or the scheduler's trace of a slow hand-off shows the routing thread.
            assertThat(offeredOn).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo(RoutingCore.THREAD_NAME);
                assertThat(t.isDaemon()).isTrue();
            });
        }
    }

    @Test
    void eachDecisionCarriesThePublishTimeOfTheEventThatLedToIt() throws Exception {
        List<long[]> decided = new CopyOnWriteArrayList<>();
        RoutingPort timing = new RoutingPort() {
            @Override
            public void offer(RoutingDecision decision) {
                throw new AssertionError("a port that times its offers gets the event's time (the port's default)");
            }

            @Override
            public void offer(RoutingDecision decision, long eventNanos) {
                decided.add(new long[] {Long.parseLong(decision.callId().substring(1)), eventNanos});
            }

            @Override
            public void routingFailed(String callId, Throwable cause) {
                failed.add(callId);
            }
        };
        try (RoutingCore core = salesWithOneAgent(timing)) {
            // The first call finds the agent free: its decision comes from its own queueing.
            long beforeFirst = System.nanoTime();
            core.callQueued("c1", "sales", 0);
            long afterFirst = System.nanoTime();
            core.callQueued("c2", "sales", 0);
            core.offerAnswered("c1", "a1");
            core.snapshot().get(5, TimeUnit.SECONDS);
            // The second waits until the agent is freed: its decision comes from the first call's end (a hand-off).
            long beforeEnd = System.nanoTime();
            core.callEnded("c1");
            long afterEnd = System.nanoTime();
            core.snapshot().get(5, TimeUnit.SECONDS);
            assertThat(decided).hasSize(2);
            assertThat(decided.get(0)[0]).isEqualTo(1);
            assertThat(decided.get(0)[1]).isBetween(beforeFirst, afterFirst);
            assertThat(decided.get(1)[0]).isEqualTo(2);
            assertThat(decided.get(1)[1]).isBetween(beforeEnd, afterEnd);
        }
    }
}
