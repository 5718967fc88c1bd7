package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriterTest {

    private static final InteractionRecordKind KIND = InteractionRecordKind.INSTANCE;

    private static RecordWriter<InteractionRecord> writer(FakeSink sink, RecordSpool<InteractionRecord> spool,
                                                          int capacity) {
        return new RecordWriter<>(KIND, sink, spool, capacity, 50, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofSeconds(2));
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "call-" + i).toList();
    }

    private static void offer(RecordWriter<InteractionRecord> w, int from, int to) {
        for (String id : ids(from, to)) {
            assertThat(w.offer(Records.answered(id))).isTrue();
        }
    }

    @Test
    void whileTheDatabaseIsAwayRecordsAreSpooledAndAfterwardsStoredOnceEachInTheirOrder(@TempDir Path dir)
            throws Exception {
        FakeSink sink = new FakeSink();
        try (RecordWriter<InteractionRecord> w = writer(sink, SpoolFile.open(dir, KIND), 1_000)) {
            offer(w, 0, 100);
            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.size() == 100);
            sink.down = true;
            offer(w, 100, 300);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.spooled() == 200);
            assertThat(w.pending()).isEqualTo(200);
            assertThat(w.spoolSize()).isEqualTo(200);
            sink.down = false;
            // Records arriving while the spool drains queue up behind it.
            offer(w, 300, 350);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            assertThat(sink.storedIds()).containsExactlyElementsOf(ids(0, 350));
            assertThat(w.written()).isEqualTo(350);
            assertThat(w.replayed()).isEqualTo(w.spooled()).isGreaterThanOrEqualTo(200);
            assertThat(w.dropped()).isZero();
            assertThat(w.failedAttempts()).isPositive();
        }
    }

    @Test
    void whatIsSpooledAtShutdownIsStoredByTheNextStart(@TempDir Path dir) throws Exception {
        FakeSink sink = new FakeSink();
        sink.down = true;
        RecordWriter<InteractionRecord> first = writer(sink, SpoolFile.open(dir, KIND), 1_000);
        offer(first, 0, 120);
        first.close();
        assertThat(first.spooled()).as("every record in hand is spooled at close").isEqualTo(120);
        assertThat(first.dropped()).isZero();
        assertThat(sink.size()).isZero();

        // Still down while the second start opens the spool: what it finds there is counted before any replay.
        try (RecordWriter<InteractionRecord> second = writer(sink, SpoolFile.open(dir, KIND), 1_000)) {
            assertThat(second.pending()).isEqualTo(120);
            offer(second, 120, 130);
            sink.down = false;
            await().atMost(10, TimeUnit.SECONDS).until(() -> second.pending() == 0);
            // The ten new ones waited behind the spooled ones, in the spool.
            assertThat(second.replayed()).isEqualTo(120 + second.spooled());
        }
        assertThat(sink.storedIds()).containsExactlyElementsOf(ids(0, 130));
        assertThat(Files.size(dir.resolve("interaction.spool"))).isZero();
    }

    @Test
    void recordsInHandAtShutdownAreWrittenWhenTheDatabaseIsUp() throws Exception {
        FakeSink sink = new FakeSink();
        RecordWriter<InteractionRecord> w = writer(sink, new MemorySpool<>(KIND, 1_000), 1_000);
        offer(w, 0, 500);
        w.close();
        assertThat(sink.storedIds()).containsExactlyElementsOf(ids(0, 500));
        assertThat(w.pending()).isZero();
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideAndTheRestOfItsBatchIsStored(@TempDir Path dir) throws Exception {
        FakeSink sink = new FakeSink();
        sink.refused.add("call-7");
        sink.refused.add("call-63");
        try (RecordWriter<InteractionRecord> w = writer(sink, SpoolFile.open(dir, KIND), 1_000)) {
            offer(w, 0, 40);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            // The same while replaying from the spool.
            sink.down = true;
            offer(w, 40, 80);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.spoolSize() == 40);
            sink.down = false;
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            assertThat(w.dropped()).isEqualTo(2);
            assertThat(w.written()).isEqualTo(78);
        }
        assertThat(sink.storedIds()).hasSize(78).doesNotContain("call-7", "call-63");
        assertThat(Files.readString(dir.resolve("interaction.rejected"))).contains("\"callId\":\"call-7\"")
                .contains("\"callId\":\"call-63\"").contains("check constraint");
    }

    @Test
    void withALingerRecordsOfferedAfterTheWriterTookTheFirstAreWrittenInOneBatch() throws Exception {
        FakeSink sink = new FakeSink();
        try (RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 100), 100, 50,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            List<String> ids = ids(0, 5);
            assertThat(w.offer(Records.answered(ids.get(0)))).isTrue();
            // The writer has taken the first record and lingers (1 s): the next ones arrive while it does.
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.buffered() == 0);
            for (String id : ids.subList(1, 5)) {
                assertThat(w.offer(Records.answered(id))).isTrue();
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.size() == 5);
            // Without the linger the writer, waiting on the buffer, takes each record as it comes.
            assertThat(sink.batches).isEqualTo(1);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
            assertThat(sink.storedIds()).containsExactlyElementsOf(ids(0, 5));
        }
    }

    @Test
    void aLingerEndsOnceTheBufferHoldsTheRestOfAFullBatch() throws Exception {
        FakeSink sink = new FakeSink();
        try (RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 100), 100, 5,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60))) {
            long start = System.nanoTime();
            assertThat(w.offer(Records.answered("call-0"))).isTrue();
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.buffered() == 0);
            for (String id : ids(1, 5)) {
                assertThat(w.offer(Records.answered(id))).isTrue();
            }
            // The fifth record fills the batch: it is written now, not when the 60 s linger ends.
            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.size() == 5);
            assertThat(sink.batches).isEqualTo(1);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        }
    }

    @Test
    void recordsOfferedFasterThanOneBatchPerLingerAreNotHeldBackByIt() throws Exception {
        FakeSink sink = new FakeSink();
        try (RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 1_000), 1_000,
                10, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60))) {
            for (String id : ids(0, 100)) {
                assertThat(w.offer(Records.answered(id))).isTrue();
            }
            // Ten full batches: waiting out the linger for each would take ten minutes.
            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.size() == 100);
            assertThat(sink.storedIds()).containsExactlyElementsOf(ids(0, 100));
        }
    }

    @Test
    void closingEndsALingerAndWritesItsBatch() throws Exception {
        FakeSink sink = new FakeSink();
        RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 100), 100, 50,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60));
        assertThat(w.offer(Records.answered("call-0"))).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.buffered() == 0);
        long start = System.nanoTime();
        w.close();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThat(sink.storedIds()).containsExactly("call-0");
        assertThat(w.dropped()).isZero();
    }

    @Test
    void aBatchSplitAfterARefusalStaysPendingUntilTheRefusedRecordIsSetAside() throws Exception {
        FakeSink table = new FakeSink();
        table.refused.add("call-3");
        CountDownLatch splitting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The whole batch of 10 is refused; its first half (5) is then held until released.
        RecordSink<InteractionRecord> sink = batch -> {
            if (batch.size() == 5 && splitting.getCount() == 1) {
                splitting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", "08006");
                }
            }
            table.write(batch);
        };
        try (RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 100), 100, 10,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60))) {
            offer(w, 0, 10);
            assertThat(splitting.await(10, TimeUnit.SECONDS)).isTrue();
            // Nothing is stored yet and the refused record is not set aside: a caller waiting for pending() == 0
            // (a test, a clean stop) must not see the writer done.
            assertThat(w.pending()).isEqualTo(10);
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            assertThat(w.dropped()).isEqualTo(1);
            assertThat(table.storedIds()).hasSize(9).doesNotContain("call-3");
        }
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new RecordWriter<>(KIND, new FakeSink(),
                new MemorySpool<>(KIND, 10), 10, 5, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linger");
    }

    @Test
    void aRefusedRecordInALargeBatchCostsAFewWritesNotOnePerRecord() throws Exception {
        FakeSink sink = new FakeSink();
        sink.refused.add("call-777");
        sink.down = true;
        try (RecordWriter<InteractionRecord> w = new RecordWriter<>(KIND, sink, new MemorySpool<>(KIND, 2_000), 2_000,
                1_000, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2))) {
            offer(w, 0, 1_000);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.spoolSize() == 1_000);
            sink.down = false;
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            assertThat(w.dropped()).isEqualTo(1);
            assertThat(sink.storedIds()).hasSize(999).doesNotContain("call-777");
            // Halving a batch of 1,000 down to the one refused record stores the rest in at most 2 x 10 writes.
            assertThat(sink.batches).isLessThanOrEqualTo(20);
        }
    }

    @Test
    void aFullBufferDropsAndCountsInsteadOfBlocking() throws Exception {
        FakeSink sink = new FakeSink();
        sink.down = true;
        try (RecordWriter<InteractionRecord> w = writer(sink, new MemorySpool<>(KIND, 10), 10)) {
            long t0 = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                if (w.offer(Records.answered("call-" + i))) {
                    accepted++;
                }
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
            assertThat(accepted).isLessThan(100);
            assertThat(w.dropped()).isEqualTo(100 - accepted);
        }
    }

    @Test
    void countersAreExposedForPrometheus(@TempDir Path dir) throws Exception {
        FakeSink sink = new FakeSink();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RecordWriter<InteractionRecord> w = writer(sink, SpoolFile.open(dir, KIND), 1_000)) {
            w.bindTo(meters);
            sink.down = true;
            offer(w, 0, 30);
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.spooled() == 30);
            sink.down = false;
            await().atMost(10, TimeUnit.SECONDS).until(() -> w.pending() == 0);
            String text = meters.scrape();
            assertThat(text).contains("acd_records_spooled_total{kind=\"interaction\"} 30.0")
                    .contains("acd_records_replayed_total{kind=\"interaction\"} 30.0")
                    .contains("acd_records_written_total{kind=\"interaction\"} 30.0")
                    .contains("acd_records_dropped_total{kind=\"interaction\"} 0.0")
                    .contains("acd_records_spool_size{kind=\"interaction\"} 0.0");
        }
    }
}
