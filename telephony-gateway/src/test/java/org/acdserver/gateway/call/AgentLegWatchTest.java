package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingDecision;
import org.acdserver.gateway.ami.AmiMessage;
import org.junit.jupiter.api.Test;

/**
 * The manager's events that end an answered agent's leg, through {@link AmiCallEvents}: the agent's channel hung up
 * and the caller out of the bridge, in either order; a hold's redirect (the caller leaves the bridge, the agent's
 * channel lives on) and a Local channel optimized away (the agent's channel hangs up, the caller stays bridged) are
 * not the end.
 */
class AgentLegWatchTest {

    private static final String CALLER = "1746349200.17";
    private static final String AGENT = "1746349200.18";

    /** A queued call that writes down what the manager told it. */
    private static final class FakeCall implements QueuedCall {
        final List<String> told = new CopyOnWriteArrayList<>();

        @Override public String callId() { return CALLER; }
        @Override public long queuedAtNanos() { return 0; }
        @Override public void connect(RoutingDecision decision) { }
        @Override public void agentAnswered(long asteriskMicros) { told.add("answered"); }
        @Override public void agentAnswered(long asteriskMicros, String agentChannel) {
            told.add("answered " + agentChannel);
        }
        @Override public void bridged(long asteriskMicros) { told.add("bridged"); }
        @Override public void channelHungUp() { told.add("caller gone"); }
        @Override public void routingFailed() { }
        @Override public void agentLegEnded(String agentChannel, long asteriskMicros) {
            told.add("leg ended " + agentChannel + " " + asteriskMicros);
        }
    }

    private final CallRegistry registry = new CallRegistry();
    private final FakeCall call = new FakeCall();
    private final AmiCallEvents events = new AmiCallEvents(registry, new RoutingConfiguration(
            List.of(new QueueDefinition("sales", 15, 30)),
            List.of(new AgentDefinition("a1", "PJSIP/1001", List.of("sales")))), (agent, free) -> { });

    AgentLegWatchTest() {
        registry.add(call);
    }

    private void event(String name, String uniqueId, String timestamp) {
        events.onEvent(AmiMessage.of("Event", name, "Uniqueid", uniqueId, "Timestamp", timestamp));
    }

    private void answered() {
        events.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", CALLER, "DestUniqueid", AGENT,
                "DialStatus", "ANSWER", "Timestamp", "1746349210.000000"));
        event("BridgeEnter", CALLER, "1746349210.001000");
    }

    @Test
    void theAgentsHangUpThenTheCallerLeavingTheBridgeEndsTheLegOnce() {
        answered();
        event("BridgeLeave", AGENT, "1746349240.000100");
        event("Hangup", AGENT, "1746349240.000500");
        assertThat(call.told).containsExactly("answered " + AGENT, "bridged");
        event("BridgeLeave", CALLER, "1746349240.000900");
        assertThat(call.told).containsExactly("answered " + AGENT, "bridged",
                "leg ended " + AGENT + " 1746349240000900");
        assertThat(events.legsWatched()).isZero();
        // Late events of the same channels change nothing.
        event("Hangup", AGENT, "1746349240.001000");
        event("BridgeLeave", CALLER, "1746349240.001100");
        assertThat(call.told).hasSize(3);
    }

    @Test
    void theCallerLeavingFirstEndsTheLegOnTheAgentsHangUp() {
        answered();
        event("BridgeLeave", CALLER, "1746349240.000100");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
        event("Hangup", AGENT, "1746349240.000500");
        assertThat(call.told).contains("leg ended " + AGENT + " 1746349240000500");
    }

    @Test
    void aHoldTakesTheAgentOutOfTheBridgeWithoutEndingTheLegAndTheResumeBridgesAgain() {
        answered();
        // Hold: the agent's channel is redirected (no hang-up), the caller leaves the bridge.
        event("BridgeLeave", AGENT, "1746349220.000000");
        event("BridgeLeave", CALLER, "1746349220.000100");
        // Resume: the caller is bridged with the same channel again.
        event("BridgeEnter", CALLER, "1746349225.000000");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
        // The agent hangs up after the resume.
        event("Hangup", AGENT, "1746349240.000000");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
        event("BridgeLeave", CALLER, "1746349240.000300");
        assertThat(call.told).contains("leg ended " + AGENT + " 1746349240000300");
    }

    @Test
    void anAgentChannelThatHangsUpWhileTheCallerStaysBridgedDoesNotEndTheLeg() {
        answered();
        // A Local channel optimized away: it hangs up, and the caller talks on with the channel it had dialled.
        event("Hangup", AGENT, "1746349215.000000");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
        assertThat(events.legsWatched()).isOne();
    }

    @Test
    void theCallersOwnHangUpAndANewConnectionForgetTheLeg() {
        answered();
        event("BridgeLeave", CALLER, "1746349240.000100");
        event("Hangup", CALLER, "1746349240.000200");
        assertThat(call.told).contains("caller gone");
        assertThat(events.legsWatched()).isZero();
        event("Hangup", AGENT, "1746349240.000500");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));

        answered();
        assertThat(events.legsWatched()).isOne();
        events.onConnected(true);
        assertThat(events.legsWatched()).isZero();
        event("BridgeLeave", CALLER, "1746349250.000100");
        event("Hangup", AGENT, "1746349250.000500");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
    }

    @Test
    void aCallersNextLegReplacesItsLastAndALateHangUpOfTheLastEndsNothing() {
        answered();
        events.onEvent(AmiMessage.of("Event", "DialEnd", "Uniqueid", CALLER, "DestUniqueid", "1746349200.30",
                "DialStatus", "ANSWER"));
        event("BridgeLeave", CALLER, "1746349260.000000");
        event("Hangup", AGENT, "1746349260.000100");
        assertThat(call.told).noneMatch(t -> t.startsWith("leg ended"));
        event("Hangup", "1746349200.30", "1746349260.000200");
        assertThat(call.told).contains("leg ended 1746349200.30 1746349260000200");
    }
}
