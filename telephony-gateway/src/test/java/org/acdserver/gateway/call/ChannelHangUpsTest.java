package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acdserver.gateway.ami.AmiMessage;
import org.junit.jupiter.api.Test;

/** Watches of channels by name: run once on the channel's own {@code Hangup}, and not after they are stopped. */
class ChannelHangUpsTest {

    private final ChannelHangUps hangUps = new ChannelHangUps();
    private final List<String> told = new CopyOnWriteArrayList<>();

    @Test
    void aWatchRunsOnceOnItsChannelsHangUpAndOnNothingElse() {
        hangUps.watch("PJSIP/amy-00000001", () -> told.add("amy"));
        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/bob-00000002"));
        hangUps.onEvent(AmiMessage.of("Event", "Newstate", "Channel", "PJSIP/amy-00000001"));
        hangUps.onEvent(AmiMessage.of("Event", "Hangup"));
        assertThat(told).isEmpty();

        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/amy-00000001"));
        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/amy-00000001"));
        assertThat(told).containsExactly("amy");
        assertThat(hangUps.watched()).isZero();
    }

    @Test
    void aStoppedWatchRunsNotAndStoppingAnOlderWatchKeepsTheNewerOne() {
        Runnable stop = hangUps.watch("PJSIP/amy-00000001", () -> told.add("first"));
        stop.run();
        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/amy-00000001"));
        assertThat(told).isEmpty();

        Runnable older = hangUps.watch("PJSIP/amy-00000003", () -> told.add("older"));
        hangUps.watch("PJSIP/amy-00000003", () -> told.add("newer"));
        older.run();
        assertThat(hangUps.watched()).isEqualTo(1);
        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/amy-00000003"));
        assertThat(told).containsExactly("newer");
    }
}
