package org.acdserver.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's database: a HikariCP pool over the configured PostgreSQL, or over an embedded one when no URL is
 * configured, with the schema migrated by Flyway before first use.
 *
 * <p>Every connection of the pool carries the timeouts of {@link DatabaseSettings.Timeouts} (pgjdbc's
 * {@code connectTimeout}, {@code loginTimeout} and {@code socketTimeout}; the server's {@code statement_timeout} and
 * {@code lock_timeout} through the startup {@code options}), and rewrites batched inserts into multi-row statements
 * ({@code reWriteBatchedInserts}), which is what lets the record writer keep up with a busy server. Flyway
 * migrates over a connection of its own, without the statement timeout, since a migration may take longer.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final LocalPostgres embedded;
    private final HikariDataSource pool;
    private final String jdbcUrl;

    private Database(LocalPostgres embedded, HikariDataSource pool, String jdbcUrl) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
    }

    public static Database open(DatabaseSettings settings) throws IOException {
        LocalPostgres pg = null;
        String url = settings.jdbcUrl();
        String user = settings.username();
        String password = settings.password();
        if (settings.embedded()) {
            pg = LocalPostgres.start(settings.embeddedDataDir(), settings.embeddedPort());
            url = pg.jdbcUrl();
            user = "postgres";
            password = "";
        }
        try {
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
            HikariDataSource pool = new HikariDataSource(poolConfig(url, user, password, settings));
            LOG.info("database ready: {}", pg != null ? pg : url);
            return new Database(pg, pool, url);
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            throw e;
        }
    }

    private static HikariConfig poolConfig(String url, String user, String password, DatabaseSettings settings) {
        DatabaseSettings.Timeouts t = settings.timeouts();
        HikariConfig config = new HikariConfig();
        config.setPoolName("acd-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(Math.max(1, settings.poolSize()));
        // Short: callers (the record writer, look-ups) have their own fallbacks instead of hanging on a dead server.
        config.setConnectionTimeout(Math.max(250, t.connect().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(1_000, t.connect().toMillis())));
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", seconds(t.connect()));
        config.addDataSourceProperty("loginTimeout", seconds(t.connect()));
        config.addDataSourceProperty("socketTimeout", seconds(t.socket()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("options", "-c statement_timeout=" + t.statement().toMillis()
                + " -c lock_timeout=" + Math.max(1, t.statement().toMillis() / 4));
        return config;
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Exports the pool's meters ({@code hikaricp_connections_active}, {@code _idle}, {@code _pending},
     * {@code _max}, {@code hikaricp_connections_acquire_seconds}..., tagged {@code pool="acd-db"}); once.
     */
    public void bindTo(MeterRegistry registry) {
        pool.setMetricRegistry(registry);
    }

    /** The JDBC URL in use (no credentials). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** The embedded server's data directory; null for a configured server or a temporary embedded one. */
    public Path dataDirectory() {
        return embedded == null ? null : embedded.dataDirectory();
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
