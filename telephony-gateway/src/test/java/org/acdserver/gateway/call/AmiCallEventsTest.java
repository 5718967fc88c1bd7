package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.ami.AmiResync;
import org.junit.jupiter.api.Test;

class AmiCallEventsTest {

    /** A queued call that only remembers whether it was told its channel is gone. */
    private static final class FakeCall implements QueuedCall {
        final String id;
        final long queuedAt;
        volatile boolean hungUp;

        FakeCall(String id) {
            this.id = id;
            this.queuedAt = System.nanoTime();
        }

        @Override
        public String callId() {
            return id;
        }

        @Override
        public long queuedAtNanos() {
            return queuedAt;
        }

        @Override
        public void connect(RoutingDecision decision) {
        }

        @Override
        public void agentAnswered(long asteriskMicros) {
        }

        @Override
        public void bridged(long asteriskMicros) {
        }

        @Override
        public void channelHungUp() {
            hungUp = true;
        }

        @Override
        public void routingFailed() {
        }
    }

    @Test
    void resyncEndsQueuedCallsAsteriskNoLongerHasButNotOnesQueuedSince() throws Exception {
        RoutingConfiguration routing = new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 30)),
                List.of(new AgentDefinition("a1", "PJSIP/1001", List.of("sales"))));
        try (RoutingCore core = new RoutingCore(routing, d -> { }, System::currentTimeMillis)) {
            CallRegistry registry = new CallRegistry();
            AmiCallEvents events = new AmiCallEvents(registry, core, routing);
            FakeCall gone = new FakeCall("gone-1");
            FakeCall alive = new FakeCall("alive-1");
            registry.add(gone);
            registry.add(alive);
            Thread.sleep(2);
            events.onConnected(true);
            Thread.sleep(2);
            FakeCall newer = new FakeCall("newer-1");
            registry.add(newer);
            var channel = new org.acdserver.gateway.ami.AmiMessageFixture().message(Map.of("Uniqueid", "alive-1"));
            events.onResync(new AmiResync(List.of(channel), Map.of(), true));
            assertThat(gone.hungUp).isTrue();
            assertThat(alive.hungUp).isFalse();
            assertThat(newer.hungUp).isFalse();
        }
    }

    @Test
    void deviceNamesDropDialOptions() {
        assertThat(AmiCallEvents.device("Local/agent1@sim-agent/n")).isEqualTo("Local/agent1@sim-agent");
        assertThat(AmiCallEvents.device("PJSIP/1001")).isEqualTo("PJSIP/1001");
    }
}
