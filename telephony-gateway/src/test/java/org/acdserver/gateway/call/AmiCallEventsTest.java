package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiMessageFixture;
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
            var channel = new AmiMessageFixture().message(Map.of("Uniqueid", "alive-1"));
            events.onResync(new AmiResync(List.of(channel), Map.of(), true));
            assertThat(gone.hungUp).isTrue();
            assertThat(alive.hungUp).isFalse();
            assertThat(newer.hungUp).isFalse();
        }
    }

    @Test
    void aLocalAgentWhoseDeviceFreedUnheardIsRoutedAgainAfterTheResync() throws Exception {
        RoutingConfiguration routing = new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 30)),
                List.of(new AgentDefinition("a1", "Local/agent1@sim-agent/n", List.of("sales"))));
        List<String> offers = new CopyOnWriteArrayList<>();
        try (RoutingCore core = new RoutingCore(routing, d -> offers.add(d.callId() + ">" + d.agentId()),
                System::currentTimeMillis)) {
            AmiCallEvents events = new AmiCallEvents(new CallRegistry(), core, routing);
            core.agentReady("a1");
            events.onEvent(AmiMessage.of("Event", "DeviceStateChange", "Device", "Local/agent1@sim-agent",
                    "State", "INUSE"));
            core.callQueued("c1", "sales", 0);
            // Busy: nothing is offered.
            assertThat(core.snapshot().get(5, TimeUnit.SECONDS).waiting().get("sales")).containsExactly("c1");
            assertThat(offers).isEmpty();

            // A resync that still lists one of the device's channels keeps it busy ...
            AmiMessage channel = AmiMessage.of("Event", "CoreShowChannel",
                    "Channel", "Local/agent1@sim-agent-0000000a;1", "Uniqueid", "x-1");
            events.onResync(new AmiResync(List.of(channel), Map.of(), true));
            assertThat(core.snapshot().get(5, TimeUnit.SECONDS).waiting().get("sales")).containsExactly("c1");
            assertThat(offers).isEmpty();

            // ... and one without: the NOT_INUSE missed while disconnected is made good (Asterisk lists no Local
            // device in DeviceStateList).
            events.onResync(new AmiResync(List.of(), Map.of(), true));
            await().atMost(5, TimeUnit.SECONDS).until(() -> offers.contains("c1>a1"));
        }
    }

    @Test
    void resyncStatesOfListedDevicesWinAndUnlistedOtherDevicesStayUnknown() {
        AmiMessage channel = AmiMessage.of("Event", "CoreShowChannel", "Channel", "PJSIP/1001-0000002a");
        AmiResync r = new AmiResync(List.of(channel), Map.of("PJSIP/1002", "UNAVAILABLE",
                "Local/a@b", "NOT_INUSE"), true);
        assertThat(r.deviceState("PJSIP/1002")).isEqualTo("UNAVAILABLE");
        assertThat(r.deviceState("Local/a@b")).isEqualTo("NOT_INUSE");
        assertThat(r.deviceState("PJSIP/1001")).as("a cached device's state is Asterisk's to tell").isNull();
        assertThat(r.deviceState("Local/c@d")).isEqualTo("NOT_INUSE");
    }
}
