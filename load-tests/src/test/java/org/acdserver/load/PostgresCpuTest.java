package org.acdserver.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Finding a PostgreSQL server's processes by its JDBC URL's port (HandOffIT finds the server's own). */
class PostgresCpuTest {

    @Test
    void noPostgresIsFoundOnAPortNoneListensOnNorWhenTheUrlNamesNoSinglePort() {
        assertThat(PostgresCpu.of("jdbc:postgresql://127.0.0.1:1/postgres")).isEmpty();
        assertThat(PostgresCpu.of("jdbc:postgresql://127.0.0.1/postgres")).isEmpty();
        assertThat(PostgresCpu.of("jdbc:postgresql://db1:5432,db2:5432/acd")).as("a list of hosts").isEmpty();
    }
}
