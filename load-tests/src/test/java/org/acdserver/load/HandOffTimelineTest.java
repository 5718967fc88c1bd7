package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.acdserver.gateway.ami.AmiMessage;
import org.junit.jupiter.api.Test;

/** The hand-offs the timeline takes from Asterisk's events, for Local agents and for SIP phones. */
class HandOffTimelineTest {

    private final HandOffTimeline timeline = new HandOffTimeline("ho");

    @Test
    void aLocalAgentsCallEndsAtTheFirstHangUpOfItsPair() {
        hangup("Local/ho0001@sim-agent-0000000a;2", "100.000000");
        hangup("Local/ho0001@sim-agent-0000000a;1", "100.001000");
        timeline.heard(AmiMessage.of("Event", "Hangup", "Channel", "Local/ho0001@sim-agent-0000000a;1"), 100_001_500);
        device("Local/ho0001@sim-agent", "100.002000");
        dial("caller-2", "100.003000", "Local/ho0001@sim-agent-0000000b;1", "100.004000");

        HandOffTimeline.HandOff h = timeline.handOffs().get(0);
        assertThat(h.micros()).isEqualTo(4_000);
        assertThat(h.deviceFreeMicros()).isEqualTo(2_000);
        assertThat(h.dialStartMicros()).isEqualTo(3_000);
        assertThat(h.serverMicros()).as("heard at +1.5 ms, Dial read at +3 ms").isEqualTo(1_500);
    }

    @Test
    void everyCallOfASipPhoneEndsAtItsChannelsHangUp() {
        for (int call = 0; call < 2; call++) {
            String base = (200 + call) + ".";
            hangup("PJSIP/ho0002-0000001" + call, base + "000000");
            device("PJSIP/ho0002", base + "000700");
            dial("caller-" + call, base + "001000", "PJSIP/ho0002-0000002" + call, base + "001800");
        }
        assertThat(timeline.handOffs()).hasSize(2).allSatisfy(h -> {
            assertThat(h.micros()).isEqualTo(1_800);
            assertThat(h.deviceFreeMicros()).isEqualTo(700);
            assertThat(h.serverMicros()).as("nothing heard on the server's connection").isEqualTo(-1);
        });
        assertThat(timeline.dials()).isEqualTo(2);
    }

    private void hangup(String channel, String ts) {
        timeline.onEvent(AmiMessage.of("Event", "Hangup", "Channel", channel, "Timestamp", ts));
    }

    private void device(String device, String ts) {
        timeline.onEvent(AmiMessage.of("Event", "DeviceStateChange", "Device", device, "State", "NOT_INUSE",
                "Timestamp", ts));
    }

    private void dial(String caller, String execTs, String agentChannel, String beginTs) {
        timeline.onEvent(AmiMessage.of("Event", "AGIExecStart", "Uniqueid", caller, "Timestamp", execTs,
                "Command", "EXEC Dial " + agentChannel));
        timeline.onEvent(AmiMessage.of("Event", "DialBegin", "Uniqueid", caller, "DestChannel", agentChannel,
                "Timestamp", beginTs));
    }
}
