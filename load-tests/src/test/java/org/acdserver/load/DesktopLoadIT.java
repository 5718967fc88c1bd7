package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The desktop load at a smoke size: every desktop connected, every state change and the queue's figures delivered,
 * every figure measured.
 */
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
        // The queue's figures change every second: each desktop gets about one queue message a second, from one
        // status read a second for all of them.
        DesktopLoad.Queues q = r.queues();
        assertThat(q.stale()).as("desktops not showing the queue's last figures").isZero();
        assertThat(q.perDesktopMin()).as("queue messages of the desktop that got the fewest").isBetween(2, 4);
        assertThat(q.perDesktopMax()).as("queue messages of the desktop that got the most").isBetween(2, 4);
        assertThat(q.received()).isBetween(20L * 2, 20L * 4);
        assertThat(q.pushedPerSecond()).isPositive();
        assertThat(q.statusesPerSecond()).isBetween(0.5, 1.6);
        assertThat(q.feedCores()).isPositive().isLessThanOrEqualTo(r.serverCores());
    }
}
