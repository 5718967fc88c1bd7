package org.acdserver.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.LocalPostgres;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL per test JVM, started on first use, that gives every rig a fresh database of its own.
 *
 * <p>Starting a cluster (initdb, start, the server's migrations) costs seconds, and integration tests build a server
 * per class; a database copied from a migrated template costs a fraction of that. Each rig still sees an empty schema
 * at the current migration, and the server still runs Flyway over it (which finds nothing to do). Tests that stop or
 * cut their database, or check its durability settings, start a {@link LocalPostgres} of their own instead.
 *
 * <p>The cluster keeps the bundle's test settings (fsync and synchronous commits off), unlike {@link LocalPostgres}:
 * its databases are thrown away, no test here survives a power cut, and with fsync on every {@code CREATE DATABASE}
 * and {@code DROP DATABASE} waits for a checkpoint written to disk. It is a temporary one: the bundle's shutdown hook
 * stops it and deletes its files when the JVM exits, with any database a test did not {@link #drop}.
 */
public final class SharedPostgres {

    private static final String TEMPLATE = "rig_template";
    private static final String USER = "postgres";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres cluster;

    private SharedPostgres() {
    }

    /**
     * Creates a database migrated to the current schema and returns the settings that connect a server to it.
     *
     * @param spoolDirectory the record spool, or null to spool in memory only
     */
    public static synchronized ServerSettings.Database freshDatabase(Path spoolDirectory) throws IOException {
        EmbeddedPostgres pg = cluster();
        String name = "rig_" + NEXT.incrementAndGet();
        execute(url(pg, "postgres"), "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return new ServerSettings.Database(url(pg, name), USER, "", null, spoolDirectory);
    }

    /** Drops a database {@link #freshDatabase} made, ending any session a test left open on it. */
    public static synchronized void drop(ServerSettings.Database database) throws IOException {
        String url = database.url();
        String name = url.substring(url.lastIndexOf('/') + 1);
        execute(url(cluster, "postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static EmbeddedPostgres cluster() throws IOException {
        if (cluster == null) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            try {
                execute(url(pg, "postgres"), "CREATE DATABASE " + TEMPLATE);
                Flyway.configure().dataSource(url(pg, TEMPLATE), USER, "").locations("classpath:db/migration")
                        .load().migrate();
            } catch (IOException | RuntimeException e) {
                pg.close();
                throw e;
            }
            cluster = pg;
        }
        return cluster;
    }

    private static String url(EmbeddedPostgres pg, String database) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
    }

    private static void execute(String url, String sql) throws IOException {
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IOException("cannot run '" + sql + "' on the shared test PostgreSQL (" + url + "): "
                    + e.getMessage(), e);
        }
    }
}
