package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {

    @Test
    void aDatabaseThatIsAwayOrSlowIsTransient() {
        assertThat(WriteFailure.of(new SQLException("refused", "08001"))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new SQLException("statement timeout", "57014"))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new SQLException("shutting down", "57P01"))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new SQLException("no table", "42P01"))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new SQLTransientConnectionException("acd-db - Connection is not available")))
                .isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new SQLException("socket closed"))).isEqualTo(WriteFailure.TRANSIENT);
    }

    @Test
    void aRecordTheDatabaseRefusesIsRejected() {
        assertThat(WriteFailure.of(new SQLException("check", "23514"))).isEqualTo(WriteFailure.REJECTED);
        assertThat(WriteFailure.of(new SQLException("not null", "23502"))).isEqualTo(WriteFailure.REJECTED);
        assertThat(WriteFailure.of(new SQLException("out of range", "22003"))).isEqualTo(WriteFailure.REJECTED);
        assertThat(WriteFailure.of(new BatchUpdateException("batch entry 3 failed", "23514", new int[0])))
                .isEqualTo(WriteFailure.REJECTED);
        assertThat(WriteFailure.of(new NullPointerException("outcome"))).isEqualTo(WriteFailure.REJECTED);
    }
}
