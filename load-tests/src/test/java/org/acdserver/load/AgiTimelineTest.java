package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.acdserver.gateway.ami.AmiMessage;
import org.junit.jupiter.api.Test;

/** The ring figures the timeline derives from Asterisk's event times, and how it splits them. */
class AgiTimelineTest {

    private final AgiTimeline timeline = new AgiTimeline("rl-");

    @Test
    void splitsTheRingIntoTheServersReactionAndAsterisksDial() {
        command("rl-1", "EXEC Read hello", "100.000000", "101.000000");
        command("rl-1", "GET FULL VARIABLE ${DIGITS}", "101.000100", "101.000200");
        timeline.onEvent(event("AGIExecStart", "rl-1", "101.000700", "EXEC Dial Local/a@sim-agent/n,20,gm(default)"));
        timeline.onEvent(event("DialBegin", "rl-1", "101.002200", null));

        AgiTimeline.Channel c = timeline.channel("rl-1");
        assertThat(c.queueToDialMicros()).isEqualTo(2000);
        assertThat(c.queueToDialCommandMicros()).isEqualTo(500);
        assertThat(c.dialCommandToBeginMicros()).isEqualTo(1500);
    }

    @Test
    void aHoldBeforeTheDialCountsAsTheServersPartAndTheStepStartsAtTheCommandBeforeIt() {
        command("rl-2", "GET FULL VARIABLE ${DIGITS}", "200.000000", "200.001000");
        command("rl-2", "SET MUSIC on default", "200.001300", "200.001400");
        command("rl-2", "WAIT FOR DIGIT -1", "200.001500", "203.000000");
        command("rl-2", "EXEC Dial Local/a@sim-agent/n,20,gm(default)", "203.000100", "210.000000");
        timeline.onEvent(event("DialBegin", "rl-2", "203.001100", null));

        AgiTimeline.Channel c = timeline.channel("rl-2");
        assertThat(c.queueToDialCommandMicros()).isEqualTo(2_999_100);
        assertThat(c.dialCommandToBeginMicros()).isEqualTo(1000);
    }

    @Test
    void aCallThatNeverDialedHasNoParts() {
        command("rl-3", "GET FULL VARIABLE ${DIGITS}", "300.000000", "300.001000");

        AgiTimeline.Channel c = timeline.channel("rl-3");
        assertThat(c.queueToDialMicros()).isEqualTo(-1);
        assertThat(c.queueToDialCommandMicros()).isEqualTo(-1);
        assertThat(c.dialCommandToBeginMicros()).isEqualTo(-1);
    }

    private void command(String id, String text, String start, String end) {
        timeline.onEvent(event("AGIExecStart", id, start, text));
        timeline.onEvent(event("AGIExecEnd", id, end, text));
    }

    private static AmiMessage event(String name, String id, String ts, String command) {
        return command == null
                ? AmiMessage.of("Event", name, "Uniqueid", id, "Timestamp", ts)
                : AmiMessage.of("Event", name, "Uniqueid", id, "Timestamp", ts, "Command", command);
    }
}
