package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.TestRig;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.Test;


/** Records on a real PostgreSQL, including one that goes down and comes back. */
class InteractionRecorderIT {

    private static InteractionRecord record(String callId, InteractionOutcome outcome) {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new InteractionRecord(callId, "5550001", "main", List.of("welcome", "menu", "menu=1", "sales"),
                "sales", "sales", outcome == InteractionOutcome.ANSWERED ? "agent1" : null, t, t.plusSeconds(1),
                outcome == InteractionOutcome.ANSWERED ? t.plusSeconds(3) : null, t.plusSeconds(10), 2.0,
                outcome == InteractionOutcome.ANSWERED ? 7.0 : null, outcome);
    }

    @Test
    void recordsRoundTripAndAreNeverDoubled() throws Exception {
        try (Database db = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
             InteractionRecorder recorder = new InteractionRecorder(db.dataSource())) {
            InteractionRecord answered = record("rt-1", InteractionOutcome.ANSWERED);
            InteractionRecord abandoned = record("rt-2", InteractionOutcome.ABANDONED_IN_QUEUE);
            assertThat(recorder.record(answered)).isTrue();
            assertThat(recorder.record(abandoned)).isTrue();
            assertThat(recorder.record(answered)).isTrue();
            InteractionQueries q = new InteractionQueries(db.dataSource());
            await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            assertThat(q.all()).hasSize(2);
            assertThat(q.byCallId("rt-1")).contains(answered);
            assertThat(q.byCallId("rt-2")).contains(abandoned);
            InteractionQueries.Summary s = q.summary(answered.startedAt().minusSeconds(1));
            assertThat(s.offered()).isEqualTo(2);
            assertThat(s.answered()).isEqualTo(1);
            assertThat(s.abandoned()).isEqualTo(1);
            assertThat(s.averageWaitSeconds()).isEqualTo(2.0);
        }
    }

    @Test
    void nothingIsLostWhileTheDatabaseIsDown() throws Exception {
        Path dataDir = Files.createTempDirectory("acd-pg");
        int port = AsteriskSandbox.freePort();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setPort(port).start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (Database db = Database.open(new DatabaseSettings(url, "postgres", "", 2, null, 0));
             InteractionRecorder recorder = new InteractionRecorder(db.dataSource())) {
            pg.close();
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertThat(recorder.record(record("down-" + i, InteractionOutcome.ANSWERED))).isTrue();
            }
            // Recording never waits for the database.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
            await().atMost(20, TimeUnit.SECONDS).until(() -> recorder.failedAttempts() > 0);
            assertThat(recorder.pending()).isEqualTo(50);

            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .start();
            await().atMost(60, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            assertThat(new InteractionQueries(db.dataSource()).all()).hasSize(50);
            assertThat(recorder.written()).isEqualTo(50);
        } finally {
            pg.close();
            TestRig.deleteTree(dataDir);
        }
    }
}
