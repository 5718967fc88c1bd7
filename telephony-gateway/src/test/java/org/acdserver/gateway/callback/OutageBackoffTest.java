package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait between offers of a callback during an outage: doubling from the first, capped by the queue's longest. */
class OutageBackoffTest {

    @Test
    void theWaitDoublesUpToTheLongestGivenAndStartsOverAfterAReset() {
        OutageBackoff backoff = new OutageBackoff(Duration.ofSeconds(1));
        Duration longest = Duration.ofSeconds(5);
        assertThat(backoff.failed("a", longest)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed("a", longest)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed("a", longest)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed("a", longest)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failed("a", CallbackSettings.OUTAGE_RETRY)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.failed("b", longest)).as("another callback starts at the first wait")
                .isEqualTo(Duration.ofSeconds(1));
        backoff.reset("a");
        assertThat(backoff.failed("a", longest)).isEqualTo(Duration.ofSeconds(1));
    }
}
