package org.acdserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErlangATest {

    private static final double RATE = 360.0 / 1800;
    private static final double HANDLE = 240;

    @Test
    void withPatientCallersItIsErlangC() {
        // Callers who would wait a week: the textbook case of Erlang C.
        ErlangA a = new ErlangA(55, RATE, HANDLE, 7 * 24 * 3600);
        assertThat(a.probabilityOfWaiting()).isCloseTo(ErlangC.probabilityOfWaiting(55, 48), within(0.002));
        assertThat(a.serviceLevel(15)).isCloseTo(ErlangC.serviceLevel(55, 48, HANDLE, 15), within(0.002));
        assertThat(a.probabilityOfAbandoning()).isLessThan(0.001);
    }

    @Test
    void impatientCallersAbandonMoreWithFewerAgentsAndTheLineStaysBoundedWhenOverloaded() {
        double previous = 0;
        for (int agents = 60; agents >= 30; agents -= 5) {
            ErlangA a = new ErlangA(agents, RATE, HANDLE, 60);
            assertThat(a.probabilityOfAbandoning()).as("%d agents", agents).isGreaterThanOrEqualTo(previous);
            assertThat(a.serviceLevel(20)).isBetween(0.0, 1.0);
            previous = a.probabilityOfAbandoning();
        }
        // 30 agents for 48 Erlangs: overloaded, yet finite; most of the excess abandons.
        ErlangA overloaded = new ErlangA(30, RATE, HANDLE, 60);
        assertThat(overloaded.probabilityOfWaiting()).isGreaterThan(0.9);
        // The fluid limit: the agents serve 30 of every 48 Erlangs offered, the rest gives up.
        assertThat(overloaded.probabilityOfAbandoning()).isCloseTo(1 - 30.0 / 48, within(0.04));
    }

    @Test
    void theServiceLevelGrowsWithTheTimeAllowed() {
        ErlangA a = new ErlangA(50, RATE, HANDLE, 90);
        assertThat(a.serviceLevel(0)).isCloseTo(1 - a.probabilityOfWaiting(), within(1e-12));
        assertThat(a.serviceLevel(10)).isLessThan(a.serviceLevel(30));
        assertThat(a.serviceLevel(3600)).isCloseTo(1 - a.probabilityOfAbandoning(), within(0.002));
    }
}
