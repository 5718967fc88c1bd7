package org.acdserver.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's database: a HikariCP pool over the configured PostgreSQL, or over an embedded one when no URL is
 * configured, with the schema migrated by Flyway before first use.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String jdbcUrl;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String jdbcUrl) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
    }

    public static Database open(DatabaseSettings settings) throws IOException {
        EmbeddedPostgres pg = null;
        String url = settings.jdbcUrl();
        String user = settings.username();
        String password = settings.password();
        if (settings.embedded()) {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
            if (settings.embeddedDataDir() != null) {
                b.setDataDirectory(settings.embeddedDataDir()).setCleanDataDirectory(false);
            }
            if (settings.embeddedPort() > 0) {
                b.setPort(settings.embeddedPort());
            }
            pg = b.start();
            url = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        try {
            HikariConfig config = new HikariConfig();
            config.setPoolName("acd-db");
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(Math.max(1, settings.poolSize()));
            // Short: the record writer retries with its own backoff instead of hanging on a dead server.
            config.setConnectionTimeout(2_000);
            config.setInitializationFailTimeout(-1);
            HikariDataSource pool = new HikariDataSource(config);
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            LOG.info("database ready: {}", pg != null ? "embedded PostgreSQL on port " + pg.getPort() : url);
            return new Database(pg, pool, url);
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL in use (no credentials). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
