package org.acdserver.load.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chaos run at a smoke size, on the sandbox: a few callers a second through each fault (the server killed with
 * SIGKILL and started again, Asterisk restarted, PostgreSQL stopped, the manager link cut), with callers asking for
 * callbacks throughout. No callback is lost or dialled twice, service comes back after every fault, no agent is left
 * paused, callers of a killed server reach the fallback rather than being dropped, and while the database or the
 * manager link is away no caller is lost and every record is written in the end.
 */
class ChaosRunIT {

    @Test
    void everyFaultIsSurvivedWithoutLosingACallbackOrACaller() throws Exception {
        ChaosResult result = ChaosRun.run(new ChaosSettings(2, Duration.ofSeconds(12), Duration.ofSeconds(4),
                Duration.ofSeconds(4), 6, Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(20),
                Duration.ofSeconds(90), Duration.ZERO, "512m", List.of(Fault.values())));

        CallbackFigures callbacks = result.callbacks();
        assertThat(callbacks.promised()).as("callbacks were asked for during the run").isPositive();
        assertThat(callbacks.lost()).as("callbacks lost: %s", callbacks.unfinished()).isZero();
        assertThat(callbacks.dialledTwice()).as("customers who answered twice").isZero();
        assertThat(result.phases()).hasSize(Fault.values().length).allSatisfy(p -> {
            assertThat(p.offered()).as("%s: callers offered", p.fault()).isPositive();
            assertThat(p.recoverySeconds()).as("%s: a caller placed after the fault was answered", p.fault())
                    .isGreaterThanOrEqualTo(0);
            assertThat(p.agentsNotReady()).as("%s: agents left not ready", p.fault()).isZero();
        });
        for (PhaseFigures p : result.phases()) {
            if (p.fault() != Fault.ASTERISK_RESTART) {
                // Asterisk's restart ends the calls on it; every other fault leaves callers a way to be served.
                assertThat(p.lost()).as("%s: callers lost", p.fault()).isZero();
            }
            if (p.fault() == Fault.POSTGRES_STOP || p.fault() == Fault.MANAGER_CUT) {
                assertThat(p.recordsMissing()).as("%s: callers without a record", p.fault()).isZero();
            }
        }
    }
}
