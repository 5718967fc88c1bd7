package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The login and API load driver at a smoke size: every request answered as expected, every figure measured. */
class AuthLoadIT {

    @Test
    void aSmallRunAnswersEveryRequestAndMeasuresEveryFigure() throws Exception {
        AuthLoad.Result r = AuthLoad.run(5, 4, 2);
        assertThat(r.failures()).isZero();
        assertThat(r.logins()).hasSize(5);
        assertThat(Arrays.stream(r.logins()).min().orElseThrow()).as("logins").isPositive();
        assertThat(r.loginsUnderLoad()).isNotEmpty();
        assertThat(r.views()).hasSize(20);
        assertThat(Arrays.stream(r.views()).min().orElseThrow()).as("views").isPositive();
        assertThat(r.commands()).hasSize(20);
        assertThat(Arrays.stream(r.commands()).min().orElseThrow()).as("commands").isPositive();
        assertThat(r.hashes()).hasSize(2);
        assertThat(Arrays.stream(r.hashes()).min().orElseThrow()).as("hashes").isPositive();
        // 6 users added, 5 logins and at least one more, 20 commands.
        assertThat(r.auditWrites()).isGreaterThanOrEqualTo(32);
        assertThat(r.auditMedian()).isPositive();
        assertThat(AuthLoad.percentile(new double[] {5, 1, 3, 2, 4}, 50)).isEqualTo(3);
        assertThat(AuthLoad.percentile(new double[] {5, 1, 3, 2, 4}, 99)).isEqualTo(5);
    }
}
