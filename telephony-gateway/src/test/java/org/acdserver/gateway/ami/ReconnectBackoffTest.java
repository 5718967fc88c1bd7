package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void delaysDoubleUpToTheMaximumAndStayInBounds() {
        Random random = new Random(7);
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), random::nextDouble);
        long previousCeiling = 100;
        for (int i = 0; i < 40; i++) {
            long d = b.nextDelayMillis();
            assertThat(d).isBetween(100L, 5_000L);
            long ceiling = Math.min(5_000, 100L << Math.min(i, 30));
            assertThat(d).isBetween(Math.max(100, ceiling / 2), ceiling);
            previousCeiling = ceiling;
        }
        assertThat(previousCeiling).isEqualTo(5_000);
    }

    @Test
    void jitterSpreadsClientsAndResetStartsOver() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999);
        for (int i = 0; i < 5; i++) {
            low.nextDelayMillis();
            high.nextDelayMillis();
        }
        assertThat(low.nextDelayMillis()).isEqualTo(1_600);
        assertThat(high.nextDelayMillis()).isGreaterThan(3_000);
        assertThat(high.attempts()).isEqualTo(6);
        high.reset();
        assertThat(high.nextDelayMillis()).isEqualTo(100);
    }
}
