package org.acdserver.gateway.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server (the zonky bundle's binaries) on a data directory that outlives the process.
 *
 * <p>Durable commits: the bundle starts PostgreSQL with {@code -F} (fsync off) and {@code synchronous_commit=off},
 * which suits throw-away test databases but can lose a confirmed callback in a power cut. Here both are switched
 * back on; PostgreSQL applies its command-line options in order, so the {@code -c fsync=on} that follows {@code -F}
 * wins.
 *
 * <p>Left-over servers: the bundle starts PostgreSQL through {@code pg_ctl}, which detaches it, so a server process
 * killed with {@code kill -9} leaves its PostgreSQL running (an orphan holding the data directory and the old port).
 * The bundle's lock file {@code epg-lock} in the data directory is held by the owning process for as long as it
 * lives, so a lock that can be taken means that no live process owns the directory. Then a {@code postmaster.pid}
 * whose process still runs PostgreSQL on this directory is an orphan: it is stopped (SIGTERM, PostgreSQL's smart
 * shutdown, which completes at once because the dead owner's sessions are gone) and waited for, and the server
 * starts afresh with this process's settings. Stopping rather than adopting it means the server always runs with
 * the settings above, on a port chosen now, under this process's lock and shutdown. A pid file whose process is gone
 * or is something else (an id reused after a reboot) is stale and removed, since PostgreSQL refuses to start while
 * the id in it belongs to a live process.
 *
 * <p>No shutdown hook of the bundle's is registered for a persistent directory: the server stops PostgreSQL itself
 * after its record writer has flushed (a hook would race it on SIGTERM). Temporary directories keep the bundle's
 * hook so that no test leaves a server behind.
 */
public final class LocalPostgres implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    /** The bundle's lock file inside the data directory, held by the process that runs the server. */
    static final String LOCK_FILE = "epg-lock";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on a data directory, creating it on first use.
     *
     * @param dataDirectory where the data lives; null for a temporary directory deleted on {@link #close()}
     * @param port          the port, or 0 for any free one
     */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(STARTUP_WAIT);
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDirectory == null) {
            return new LocalPostgres(builder.start(), null);
        }
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        ensureNotOwned(dir);
        stopOrphan(dir);
        builder.setDataDirectory(dir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
        try {
            return new LocalPostgres(builder.start(), dir);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start the embedded PostgreSQL on " + dir + ": " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        }
    }

    /** Fails when a live process holds the data directory's lock: that server is running, not orphaned. */
    private static void ensureNotOwned(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("the embedded PostgreSQL data directory " + dir
                        + " is in use by another running server process");
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw new IOException("the embedded PostgreSQL data directory " + dir + " is already open in this process",
                    e);
        }
    }

    /** Stops a PostgreSQL left running on the directory by a process that died, or removes a stale pid file. */
    static void stopOrphan(Path dir) throws IOException {
        Optional<PostmasterPid> found;
        try {
            found = PostmasterPid.read(dir);
        } catch (IOException e) {
            LOG.warn("{}; removing it", e.getMessage());
            Files.deleteIfExists(dir.resolve(PostmasterPid.FILE_NAME));
            return;
        }
        if (found.isEmpty()) {
            return;
        }
        PostmasterPid pid = found.get();
        if (!pid.runningOn(dir)) {
            LOG.warn("removing stale {}: process {} is not a PostgreSQL server on {}", pid.file(), pid.pid(), dir);
            Files.deleteIfExists(pid.file());
            return;
        }
        LOG.warn("PostgreSQL (pid {}, port {}) is still running on {}, left by a server process that did not shut"
                + " down; stopping it", pid.pid(), pid.port(), dir);
        ProcessHandle process = ProcessHandle.of(pid.pid()).orElse(null);
        if (process != null) {
            CompletableFuture<ProcessHandle> exited = process.onExit();
            process.destroy();
            try {
                exited.get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("PostgreSQL (pid " + pid.pid() + ") on " + dir + " did not stop within "
                        + ORPHAN_STOP_WAIT.toSeconds() + " s of SIGTERM (is a client still connected?); stop it with"
                        + " pg_ctl -D " + dir + " stop -m fast, then start again", e);
            } catch (ExecutionException e) {
                throw new IOException("waiting for PostgreSQL (pid " + pid.pid() + ") on " + dir + " to stop failed",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping PostgreSQL (pid " + pid.pid() + ") on " + dir, e);
            }
        }
        // A clean stop removes the file; a server that died in between leaves it, stale now.
        Files.deleteIfExists(pid.file());
        LOG.info("stopped the PostgreSQL left running on {}", dir);
    }

    /** A JDBC URL for the {@code postgres} database as its superuser. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** The data directory, or null for a temporary one. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops PostgreSQL (fast mode: open sessions are ended, then a checkpoint is written). */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on port " + port() + (dataDirectory == null ? " (temporary)" : " in "
                + dataDirectory);
    }
}
