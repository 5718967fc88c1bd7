package org.acdserver.gateway.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the database. A null or blank URL starts an embedded PostgreSQL.
 *
 * @param jdbcUrl         the server's JDBC URL, or null/blank for embedded
 * @param username        user for the configured server
 * @param password        password for the configured server; never logged
 * @param poolSize        connections in the pool
 * @param embeddedDataDir data directory of the embedded server, or null for a temporary one
 * @param embeddedPort    port of the embedded server, or 0 for any free one
 * @param timeouts        bounds on every database call
 */
public record DatabaseSettings(String jdbcUrl, String username, String password, int poolSize, Path embeddedDataDir,
                               int embeddedPort, Timeouts timeouts) {

    public DatabaseSettings {
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
    }

    /** Settings with the default timeouts. */
    public DatabaseSettings(String jdbcUrl, String username, String password, int poolSize, Path embeddedDataDir,
                            int embeddedPort) {
        this(jdbcUrl, username, password, poolSize, embeddedDataDir, embeddedPort, Timeouts.DEFAULT);
    }

    public boolean embedded() {
        return jdbcUrl == null || jdbcUrl.isBlank();
    }

    @Override
    public String toString() {
        return embedded() ? "DatabaseSettings[embedded]" : "DatabaseSettings[" + jdbcUrl + ", user " + username + "]";
    }

    /**
     * Bounds on every database call, so that a slow or silent database makes calls fail instead of hanging: the
     * record writer then spools, look-ups take their error branch. Parameters of the same names in a configured JDBC
     * URL take precedence.
     *
     * @param connect   waiting for a connection from the pool, and for a new TCP connection and login
     * @param statement the server cancels a statement that runs longer ({@code statement_timeout}); also the bound
     *                  on waiting for a lock ({@code lock_timeout}, a quarter of it)
     * @param socket    the driver gives up on a server that sends nothing for this long, which covers a stopped
     *                  or unreachable host that never answers; longer than {@code statement} so that a slow
     *                  statement is cancelled by the server first
     */
    public record Timeouts(Duration connect, Duration statement, Duration socket) {

        /** 2 s to connect, 10 s per statement, 15 s of socket silence. */
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(15));

        public Timeouts {
            if (socket.compareTo(statement) <= 0) {
                throw new IllegalArgumentException("socket timeout " + socket + " must exceed the statement timeout "
                        + statement);
            }
        }
    }
}
