package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmiActionTest {

    @Test
    void actionsEncodeWithTheClientsIdAndRepeatedVariables() {
        String wire = AmiAction.of("Setvar").with("ActionID", "mine").with("Channel", "Local/a@b/n")
                .variable("X", "1").variable("Y", "2").encode("id-9");
        assertThat(wire).isEqualTo("Action: Setvar\r\nActionID: id-9\r\nChannel: Local/a@b/n\r\n"
                + "Variable: X=1\r\nVariable: Y=2\r\n\r\n");
    }

    @Test
    void lineBreaksCannotInjectHeaders() {
        assertThatThrownBy(() -> AmiAction.of("Hangup").with("Channel", "x\r\nAction: Logoff"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AmiAction.of("Ping\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void originateToAnApplicationIsAsyncWithPresetIds() {
        OriginateRequest r = OriginateRequest.builder("Local/agent1@sim-agent/n").channelId("orig-0001-a")
                .otherChannelId("orig-0001-b").application("Wait", "5").callerId("\"ACD\" <100>")
                .timeout(Duration.ofSeconds(20)).variable("TALK_SECS", "3").variable("__QUEUE", "sales").build();
        assertThat(r.toAction().encode("i1")).isEqualTo("Action: Originate\r\nActionID: i1\r\n"
                + "Channel: Local/agent1@sim-agent/n\r\nAsync: true\r\nTimeout: 20000\r\n"
                + "ChannelId: orig-0001-a\r\nOtherChannelId: orig-0001-b\r\nApplication: Wait\r\nData: 5\r\n"
                + "CallerID: \"ACD\" <100>\r\nVariable: TALK_SECS=3\r\nVariable: __QUEUE=sales\r\n\r\n");
    }

    @Test
    void originateToTheDialplan() {
        String wire = OriginateRequest.builder("PJSIP/1001").dialplan("agents", "s", 2).build().toAction()
                .encode("i2");
        assertThat(wire).contains("Context: agents\r\nExten: s\r\nPriority: 2\r\n").doesNotContain("Application");
    }

    @Test
    void originateNeedsExactlyOneDestination() {
        assertThatThrownBy(() -> OriginateRequest.builder("PJSIP/1001").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OriginateRequest.builder("PJSIP/1001").application("Wait", "1")
                .dialplan("a", "s", 1).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new AmiSettings("h", 5038, "u", "s", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AmiSettings("h", 0, "u", "s", Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
