package org.acdserver.gateway.spy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResync;
import org.junit.jupiter.api.Test;

class AgentCallsTest {

    private static final List<QueueDefinition> QUEUES = List.of(new QueueDefinition("sales", 10, 30));
    private static final AgentDefinition AMY = new AgentDefinition("amy", "PJSIP/amy", List.of("sales"));

    private final AtomicReference<RoutingConfiguration> routing =
            new AtomicReference<>(new RoutingConfiguration(QUEUES, List.of(AMY)));
    private final AgentCalls calls = new AgentCalls(routing::get);

    private static AmiMessage answered(String callId, String channel) {
        return AmiMessage.of("Event", "DialEnd", "Uniqueid", callId, "DestChannel", channel, "DialStatus", "ANSWER");
    }

    private static AmiMessage hangup(String channel) {
        return AmiMessage.of("Event", "Hangup", "Channel", channel);
    }

    @Test
    void theHangUpOfAnAgentsEarlierChannelDeliveredLateLeavesTheNewerCall() {
        calls.onEvent(answered("call-1", "PJSIP/amy-00000001"));
        calls.onEvent(answered("call-2", "PJSIP/amy-00000002"));
        calls.onEvent(hangup("PJSIP/amy-00000001"));
        assertThat(calls.of("amy")).hasValue(new AgentCalls.LiveCall("amy", "call-2", "PJSIP/amy-00000002"));
        calls.onEvent(hangup("PJSIP/amy-00000002"));
        assertThat(calls.of("amy")).isEmpty();
    }

    @Test
    void aHangUpOfAChannelNoAgentAnsweredOnChangesNothing() {
        calls.onEvent(answered("call-1", "PJSIP/amy-00000001"));
        calls.onEvent(hangup("Local/s@sim-caller-00000007;1"));
        calls.onEvent(AmiMessage.of("Event", "Hangup"));
        assertThat(calls.of("amy")).hasValue(new AgentCalls.LiveCall("amy", "call-1", "PJSIP/amy-00000001"));
    }

    @Test
    void anAgentAddedByANewConfigurationIsKnownByTheDeviceFromItsFirstCall() {
        calls.onEvent(answered("call-1", "PJSIP/bob-00000001"));
        assertThat(calls.of("bob")).as("no agent has the device yet").isEmpty();
        routing.set(new RoutingConfiguration(QUEUES,
                List.of(AMY, new AgentDefinition("bob", "Local/bob@phones/n", List.of("sales")))));
        calls.onEvent(answered("call-2", "Local/bob@phones-00000002;1"));
        assertThat(calls.of("bob")).hasValue(new AgentCalls.LiveCall("bob", "call-2", "Local/bob@phones-00000002;1"));
    }

    @Test
    void anAgentWhoseDeviceAnotherConfigurationGaveToSomeoneElseIsNoLongerFound() {
        routing.set(new RoutingConfiguration(QUEUES, List.of(new AgentDefinition("ann", "PJSIP/amy", List.of("sales")))));
        calls.onEvent(answered("call-1", "PJSIP/amy-00000001"));
        assertThat(calls.of("amy")).isEmpty();
        assertThat(calls.of("ann")).hasValue(new AgentCalls.LiveCall("ann", "call-1", "PJSIP/amy-00000001"));
    }

    @Test
    void aResyncKeepsOnlyTheCallsWhoseChannelsAsteriskStillHas() {
        routing.set(new RoutingConfiguration(QUEUES,
                List.of(AMY, new AgentDefinition("bob", "PJSIP/bob", List.of("sales")))));
        calls.onEvent(answered("call-1", "PJSIP/amy-00000001"));
        calls.onEvent(answered("call-2", "PJSIP/bob-00000002"));
        calls.onResync(new AmiResync(List.of(AmiMessage.of("Channel", "PJSIP/bob-00000002")), Map.of(), true));
        assertThat(calls.of("amy")).isEmpty();
        assertThat(calls.of("bob")).isPresent();
        calls.onEvent(answered("call-3", "PJSIP/amy-00000003"));
        assertThat(calls.of("amy")).hasValue(new AgentCalls.LiveCall("amy", "call-3", "PJSIP/amy-00000003"));
    }
}
