package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that goes away while records keep coming: stopped for twelve of the writer's longest retry waits,
 * frozen (SIGSTOP), and away across a restart of the server. Records go to the spool on disk and are stored
 * afterwards, each exactly once.
 */
class DatabaseOutageIT {

    private static long[] stored(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT call_id) FROM interaction")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static List<String> storedIds(Database db) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT call_id FROM interaction")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Offers a record and checks that recording never waits for the database. */
    private static void record(InteractionRecorder recorder, String callId) {
        long t0 = System.nanoTime();
        assertThat(recorder.record(Records.answered(callId))).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
    }

    /**
     * 200 records: 40 before PostgreSQL stops, 120 while it is stopped, 40 after it is back. The stop lasts twelve
     * times the writer's longest retry wait and four times the socket timeout, as a 60 s stop does with the
     * production settings (5 s, 15 s); here both are scaled down (1 s, 3 s, the connect timeout 1 s instead of 2 s),
     * so the stop takes 12 s. Records are offered to the recorder directly (a call per record through the sandbox
     * would add nothing about the database and make the test far slower).
     */
    @Test
    void twoHundredRecordsAcrossAStopOfTwelveLongestRetriesAreAllStoredExactlyOnce(@TempDir Path tmp)
            throws Exception {
        Path dataDir = tmp.resolve("postgres");
        int port = AsteriskSandbox.freePort();
        LocalPostgres pg = LocalPostgres.start(dataDir, port);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Duration longestRetry = Duration.ofSeconds(1);
        DatabaseSettings.Timeouts quick = new DatabaseSettings.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3));
        try (Database db = Database.open(new DatabaseSettings(pg.jdbcUrl(), "postgres", "", 2, null, 0, quick));
             InteractionRecorder recorder = new InteractionRecorder(new JdbcRecordSink(db.dataSource()),
                     SpoolFile.open(tmp.resolve("spool"), InteractionRecordKind.INSTANCE),
                     InteractionRecorder.CAPACITY, InteractionRecorder.BATCH_SIZE, Duration.ofMillis(200),
                     longestRetry)) {
            recorder.bindTo(meters);
            for (int i = 0; i < 40; i++) {
                record(recorder, "outage-" + i);
                Thread.sleep(100);
            }
            pg.close();
            long stoppedAt = System.nanoTime();
            for (int i = 40; i < 160; i++) {
                record(recorder, "outage-" + i);
                Thread.sleep(100);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.spooled() > 0);
            assertThat(Files.size(tmp.resolve("spool/interaction.spool"))).as("spooled to disk").isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
                    .isGreaterThanOrEqualTo(longestRetry.multipliedBy(12))
                    .isGreaterThanOrEqualTo(quick.socket().multipliedBy(4));
            pg = LocalPostgres.start(dataDir, port);
            for (int i = 160; i < 200; i++) {
                record(recorder, "outage-" + i);
                Thread.sleep(100);
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            assertThat(stored(db)).containsExactly(200, 200);
            assertThat(storedIds(db)).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 200).mapToObj(i -> "outage-" + i).toList());
            assertThat(recorder.spooled()).isGreaterThanOrEqualTo(120);
            assertThat(recorder.replayed()).isEqualTo(recorder.spooled());
            assertThat(recorder.dropped()).isZero();
            assertThat(meters.scrape()).contains("acd_records_spooled_total{kind=\"interaction\"} "
                    + recorder.spooled() + ".0").contains("acd_records_dropped_total{kind=\"interaction\"} 0.0");
        } finally {
            pg.close();
        }
    }

    /** A frozen database answers nothing: the socket timeout ends the write and the records wait in the spool. */
    @Test
    void aFrozenDatabaseTimesOutAndLosesNothing(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("postgres");
        LocalPostgres pg = LocalPostgres.start(dataDir, 0);
        long postmaster = PostmasterPid.read(dataDir).orElseThrow().pid();
        DatabaseSettings.Timeouts quick = new DatabaseSettings.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3));
        List<Long> frozen = new ArrayList<>();
        try (Database db = Database.open(new DatabaseSettings(pg.jdbcUrl(), "postgres", "", 2, null, 0, quick));
             InteractionRecorder recorder = new InteractionRecorder(db.dataSource(), tmp.resolve("spool"))) {
            for (int i = 0; i < 20; i++) {
                record(recorder, "frozen-" + i);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            frozen.add(postmaster);
            ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> frozen.add(p.pid()));
            signal("STOP", frozen);
            for (int i = 20; i < 60; i++) {
                record(recorder, "frozen-" + i);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.spooled() == 40);
            signal("CONT", frozen);
            frozen.clear();
            await().atMost(60, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            assertThat(stored(db)).containsExactly(60, 60);
            assertThat(recorder.replayed()).isEqualTo(40);
        } finally {
            signal("CONT", frozen);
            pg.close();
        }
    }

    /** Records spooled when the server stops are stored by the next start, once the database is back. */
    @Test
    void recordsSpooledAtShutdownAreStoredByTheNextStart(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("postgres");
        int port = AsteriskSandbox.freePort();
        LocalPostgres pg = LocalPostgres.start(dataDir, port);
        String url = pg.jdbcUrl();
        try {
            try (Database db = Database.open(new DatabaseSettings(url, "postgres", "", 2, null, 0))) {
                pg.close();
                InteractionRecorder recorder = new InteractionRecorder(db.dataSource(), tmp.resolve("spool"));
                for (int i = 0; i < 50; i++) {
                    record(recorder, "restart-" + i);
                }
                recorder.close();
                assertThat(recorder.spooled()).isEqualTo(50);
                assertThat(recorder.dropped()).isZero();
            }
            pg = LocalPostgres.start(dataDir, port);
            try (Database db = Database.open(new DatabaseSettings(url, "postgres", "", 2, null, 0));
                 InteractionRecorder recorder = new InteractionRecorder(db.dataSource(), tmp.resolve("spool"))) {
                assertThat(recorder.pending()).isEqualTo(50);
                await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
                assertThat(stored(db)).containsExactly(50, 50);
            }
        } finally {
            pg.close();
        }
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        new ProcessBuilder(command).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
