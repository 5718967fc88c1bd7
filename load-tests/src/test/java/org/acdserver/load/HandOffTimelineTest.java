package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
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

    @Test
    void eachOfAnAgentsHandOffsIsItsNextRoundAndOtherAgentsCountTheirOwn() {
        dial("caller-1", "1000.000000", "PJSIP/ho0006-00000060", "1000.000500");
        dial("caller-2", "1000.100000", "PJSIP/ho0007-00000070", "1000.100500");
        for (int round = 1; round <= 2; round++) {
            String base = (1000 + 100 * round) + ".";
            hangup("PJSIP/ho0006-0000006" + (round - 1), base + "000000");
            dial("caller-" + (2 + 2 * round - 1), base + "001000", "PJSIP/ho0006-0000006" + round, base + "002000");
        }
        hangup("PJSIP/ho0007-00000070", "1300.000000");
        dial("caller-9", "1300.001000", "PJSIP/ho0007-00000071", "1300.003000");

        assertThat(timeline.handOffs(1)).extracting(HandOffTimeline.HandOff::micros).containsExactly(2_000L, 3_000L);
        assertThat(timeline.handOffs(2)).extracting(HandOffTimeline.HandOff::micros).containsExactly(2_000L);
        assertThat(timeline.handOffs(3)).isEmpty();
    }

    @Test
    void theWatchedRoundStartsAtTheFirstEndOfACallThatBeginsOneOfItsHandOffs() {
        CountDownLatch second = timeline.startOf(2);
        dial("caller-1", "1000.000000", "PJSIP/ho0006-00000060", "1000.000500");
        dial("caller-2", "1000.100000", "PJSIP/ho0007-00000070", "1000.100500");
        // The end of each agent's first call begins a hand-off of round 1: not yet the watched round.
        hangup("PJSIP/ho0006-00000060", "1100.000000");
        dial("caller-3", "1100.001000", "PJSIP/ho0006-00000061", "1100.002000");
        assertThat(second.getCount()).isEqualTo(1);
        hangup("PJSIP/ho0007-00000070", "1100.100000");
        assertThat(second.getCount()).isEqualTo(1);
        // The end of ho0006's second call begins its hand-off of round 2.
        hangup("PJSIP/ho0006-00000061", "1200.000000");
        assertThat(second.getCount()).isZero();
    }

    @Test
    void aCallEndDeliveredAfterTheNextDialBeginBelongsToTheRoundOfTheCallThatEnded() {
        CountDownLatch second = timeline.startOf(2);
        dial("caller-1", "1000.000000", "PJSIP/ho0008-00000080", "1000.000500");
        // Round 1's hand-off, its call's end delivered after the next Dial: it does not start round 2.
        dial("caller-2", "1100.002000", "PJSIP/ho0008-00000081", "1100.003000");
        hangup("PJSIP/ho0008-00000080", "1100.000000");
        assertThat(second.getCount()).isEqualTo(1);
        // The end of the agent's second call begins its hand-off of round 2, delivered late too.
        dial("caller-3", "1200.002000", "PJSIP/ho0008-00000082", "1200.003000");
        assertThat(second.getCount()).isEqualTo(1);
        hangup("PJSIP/ho0008-00000081", "1200.000000");
        assertThat(second.getCount()).isZero();
    }

    @Test
    void aHangUpDeliveredAfterTheNextDialBeginStillEndsTheCallAtItsOwnTime() {
        dial("caller-1", "300.000000", "PJSIP/ho0003-00000030", "300.000500");
        // The caller's Dial returned and the phone was dialled again before the manager delivered the old Hangup.
        dial("caller-2", "400.002000", "PJSIP/ho0003-00000031", "400.003000");
        assertThat(timeline.handOffs()).isEmpty();
        hangup("PJSIP/ho0003-00000030", "400.000000");

        assertThat(timeline.handOffs()).singleElement().satisfies(h -> {
            assertThat(h.micros()).isEqualTo(3_000);
            assertThat(h.dialStartMicros()).isEqualTo(2_000);
            assertThat(h.deviceFreeMicros()).isEqualTo(-1);
            assertThat(h.serverMicros()).isEqualTo(-1);
        });
        assertThat(timeline.lateEnds()).isEqualTo(1);
        assertThat(timeline.dialledBeforeEnd()).isZero();
    }

    @Test
    void aLocalPairsLateHangUpEndsTheCallOnceAndTheNextCallIsMeasuredAsUsual() {
        dial("caller-1", "500.000000", "Local/ho0004@sim-agent-00000040;1", "500.000500");
        dial("caller-2", "600.001000", "Local/ho0004@sim-agent-00000041;1", "600.001500");
        hangup("Local/ho0004@sim-agent-00000040;2", "600.000000");
        hangup("Local/ho0004@sim-agent-00000040;1", "600.000100");
        hangup("Local/ho0004@sim-agent-00000041;2", "700.000000");
        dial("caller-3", "700.001000", "Local/ho0004@sim-agent-00000042;1", "700.002000");

        assertThat(timeline.handOffs()).extracting(HandOffTimeline.HandOff::micros).containsExactly(1_500L, 2_000L);
        assertThat(timeline.handOffs()).extracting(HandOffTimeline.HandOff::round).containsExactly(1, 2);
        assertThat(timeline.lateEnds()).isEqualTo(1);
    }

    @Test
    void anAgentDialledBeforeItsCallEndedHasNoHandOffTime() {
        dial("caller-1", "800.000000", "PJSIP/ho0005-00000050", "800.000500");
        dial("caller-2", "900.000000", "PJSIP/ho0005-00000051", "900.000500");
        hangup("PJSIP/ho0005-00000050", "900.001000");

        assertThat(timeline.handOffs()).isEmpty();
        assertThat(timeline.dialledBeforeEnd()).isEqualTo(1);
        assertThat(timeline.dialledBeforeEnd(1)).as("the agent's first hand-off").isEqualTo(1);
        assertThat(timeline.dialledBeforeEnd(2)).isZero();
        assertThat(timeline.lateEnds()).isZero();
    }

    @Test
    void nativeQueueCallersWaitFromTheirJoinAndARingOfAMemberEndsTheHandOff() {
        for (int i = 1; i <= 3; i++) {
            timeline.onEvent(AmiMessage.of("Event", "QueueCallerJoin", "Uniqueid", "caller-" + i, "Queue",
                    "native-sales", "Timestamp", "400.00000" + i));
        }
        // The first caller takes the phone; when its call ends, app_queue rings the phone for the second.
        timeline.onEvent(AmiMessage.of("Event", "DialBegin", "Uniqueid", "caller-1", "DestChannel",
                "PJSIP/ho0003-00000030", "Timestamp", "400.100000"));
        hangup("PJSIP/ho0003-00000030", "500.000000");
        device("PJSIP/ho0003", "500.000400");
        timeline.onEvent(AmiMessage.of("Event", "DialBegin", "Uniqueid", "caller-2", "DestChannel",
                "PJSIP/ho0003-00000031", "Timestamp", "500.612000"));

        assertThat(timeline.queueJoins()).isEqualTo(3);
        assertThat(timeline.handOffs()).singleElement().satisfies(h -> {
            assertThat(h.micros()).isEqualTo(612_000);
            assertThat(h.deviceFreeMicros()).isEqualTo(400);
            assertThat(h.waiting()).as("caller 3, behind the two rung").isEqualTo(1);
            assertThat(h.dialStartMicros()).as("no AGI on the native side").isEqualTo(-1);
            assertThat(h.serverMicros()).isEqualTo(-1);
        });
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
