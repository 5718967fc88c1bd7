package org.acdserver.gateway.store;

import java.nio.file.Path;

/**
 * How to reach the database. A null or blank URL starts an embedded PostgreSQL.
 *
 * @param jdbcUrl         the server's JDBC URL, or null/blank for embedded
 * @param username        user for the configured server
 * @param password        password for the configured server; never logged
 * @param poolSize        connections in the pool
 * @param embeddedDataDir data directory of the embedded server, or null for a temporary one
 * @param embeddedPort    port of the embedded server, or 0 for any free one
 */
public record DatabaseSettings(String jdbcUrl, String username, String password, int poolSize, Path embeddedDataDir,
                               int embeddedPort) {

    public boolean embedded() {
        return jdbcUrl == null || jdbcUrl.isBlank();
    }

    @Override
    public String toString() {
        return embedded() ? "DatabaseSettings[embedded]" : "DatabaseSettings[" + jdbcUrl + ", user " + username + "]";
    }
}
