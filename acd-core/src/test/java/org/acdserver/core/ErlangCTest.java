package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErlangCTest {

    // The textbook example: 360 calls per 30 minutes, 4-minute handle time, 55 agents.
    private static final double HANDLE = 240;
    private static final double TRAFFIC = ErlangC.traffic(360.0 / 1800, HANDLE);

    @Test
    void textbookExample() {
        assertThat(TRAFFIC).isCloseTo(48.0, within(1e-9));
        assertThat(ErlangC.probabilityOfWaiting(55, TRAFFIC)).isCloseTo(0.239, within(0.0005));
        assertThat(ErlangC.serviceLevel(55, TRAFFIC, HANDLE, 15)).isCloseTo(0.846, within(0.0005));
        assertThat(ErlangC.averageSpeedOfAnswer(55, TRAFFIC, HANDLE)).isCloseTo(8.2, within(0.05));
    }

    @Test
    void agentsNeededForATargetMeetIt() {
        int n = ErlangC.agentsForServiceLevel(TRAFFIC, HANDLE, 15, 0.80);
        assertThat(ErlangC.serviceLevel(n, TRAFFIC, HANDLE, 15)).isGreaterThanOrEqualTo(0.80);
        assertThat(ErlangC.serviceLevel(n - 1, TRAFFIC, HANDLE, 15)).isLessThan(0.80);
        // The worked example's answer for 80% within 15 s is the 55 agents it starts from.
        assertThat(n).isEqualTo(55);
    }

    @Test
    void anOverloadedCenterMakesEveryoneWait() {
        assertThat(ErlangC.probabilityOfWaiting(48, TRAFFIC)).isEqualTo(1.0);
        assertThat(ErlangC.averageSpeedOfAnswer(40, TRAFFIC, HANDLE)).isInfinite();
        assertThat(ErlangC.serviceLevel(40, TRAFFIC, HANDLE, 20)).isZero();
    }

    @Test
    void thousandsOfAgentsStayFinite() {
        double p = ErlangC.probabilityOfWaiting(5000, 4900);
        assertThat(p).isBetween(0.0, 1.0);
    }
}
