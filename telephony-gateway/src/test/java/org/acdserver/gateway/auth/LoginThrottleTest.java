package org.acdserver.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login throttle against a clock the test moves: limits per user and per address, backoff, the window. */
class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(new AuthSettings.Throttle(3, 5, Duration.ofMinutes(15),
            Duration.ofSeconds(30), Duration.ofMinutes(4)), clock);

    @Test
    void aUserIsLockedAtTheLimitAndEachFurtherFailureDoublesTheLockoutUpToTheMaximum() {
        assertThat(throttle.failed("bob", "10.0.0.1")).isZero();
        assertThat(throttle.failed("bob", "10.0.0.2")).isZero();
        assertThat(throttle.check("bob", "10.0.0.3").allowed()).isTrue();
        assertThat(throttle.failed("bob", "10.0.0.3")).isEqualTo(Duration.ofSeconds(30));
        LoginThrottle.Verdict locked = throttle.check("BOB", "10.0.0.9");
        assertThat(locked.allowed()).as("names are compared without case").isFalse();
        assertThat(locked.why()).contains("this user");
        assertThat(throttle.check("ann", "10.0.0.9").allowed()).as("another user").isTrue();

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.check("bob", "10.0.0.1").allowed()).isTrue();
        assertThat(throttle.failed("bob", "10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(throttle.failed("bob", "10.0.0.2")).isEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(120));
        assertThat(throttle.failed("bob", "10.0.0.3")).isEqualTo(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.failed("bob", "10.0.0.4")).as("capped").isEqualTo(Duration.ofMinutes(4));
        assertThat(throttle.check("bob", "10.0.0.4").retryAfter()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void anAddressIsLockedForEveryUserAfterItsLimitAndASuccessDoesNotUnlockIt() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("user" + i, "10.0.0.66")).isZero();
        }
        assertThat(throttle.failed("user4", "10.0.0.66")).isEqualTo(Duration.ofSeconds(30));
        LoginThrottle.Verdict locked = throttle.check("someone", "10.0.0.66");
        assertThat(locked.allowed()).isFalse();
        assertThat(locked.why()).contains("this address");
        throttle.succeeded("someone");
        assertThat(throttle.check("someone", "10.0.0.66").allowed()).isFalse();
        assertThat(throttle.check("someone", "10.0.0.67").allowed()).as("another address").isTrue();
    }

    @Test
    void aSuccessClearsTheUsersCountAndFailuresLeaveTheWindow() {
        throttle.failed("cy", "10.0.0.1");
        throttle.failed("cy", "10.0.0.1");
        throttle.succeeded("cy");
        assertThat(throttle.failed("cy", "10.0.0.1")).as("counted from zero again").isZero();
        throttle.failed("cy", "10.0.0.1");
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.failed("cy", "10.0.0.1")).as("the older failures left the window").isZero();
    }

    /** A clock that moves only when told. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-05-04T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
