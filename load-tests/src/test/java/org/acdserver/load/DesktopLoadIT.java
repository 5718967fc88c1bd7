package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The desktop load at a smoke size: every desktop connected, every change delivered, every figure measured. */
class DesktopLoadIT {

    @Test
    void aSmallRunDeliversEveryChangeToItsDesktopAndMeasuresEveryFigure() throws Exception {
        DesktopLoad.Result r = DesktopLoad.run(20, 3);
        assertThat(r.desktops()).isEqualTo(20);
        // 20 agents, one change each per second, 3 s.
        assertThat(r.changes()).isEqualTo(60);
        assertThat(r.closed()).as("sockets the server closed").isZero();
        assertThat(r.stale()).as("desktops not showing their agent's last state").isZero();
        assertThat(r.received()).as("changes that reached their desktop").isBetween(55L, 60L);
        assertThat(r.pushedPerSecond()).isPositive();
        assertThat(r.latencyMillis()).hasSize((int) r.received());
        assertThat(r.latencyMillis()[0]).isPositive();
        assertThat(r.serverCores()).isPositive();
        assertThat(r.processCores()).isGreaterThanOrEqualTo(r.serverCores());
    }
}
