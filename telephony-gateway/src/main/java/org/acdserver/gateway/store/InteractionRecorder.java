package org.acdserver.gateway.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Writes interaction records without ever blocking call handling and without losing them while the database is
 * slow or away: a {@link RecordWriter} of {@link InteractionRecord}s (see there for batching, spooling and replay).
 */
public final class InteractionRecorder implements AutoCloseable, MeterBinder {

    /** Records the in-memory buffer holds. */
    public static final int CAPACITY = 100_000;
    /**
     * Records per transaction at most. Each transaction has a fixed cost (a durable commit waits for the disk), so
     * large batches are what lets a burst of records go in at the database's speed (see load-tests'
     * RecordWriteBenchmark); under a light load batches stay small, since the writer takes what is there.
     */
    public static final int BATCH_SIZE = 10_000;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /**
     * How long a batch waits after its first record. A record is offered as its call ends, when the agent that call
     * frees is handed the next caller: a write per call puts the writer and the database (a durable commit, and the
     * interval aggregates in the same transaction) on the CPU once per call, in the middle of the hand-offs. With the
     * linger, the calls that end within it share one transaction: at 25 calls ending a second, six or so. It is
     * short enough that reports and the desktop's history see a call well within a second, and that a server killed
     * outright (the in-memory buffer is lost then) loses few records more than without it. A full batch does not
     * wait (see {@link RecordWriter}).
     */
    static final Duration LINGER = Duration.ofMillis(200);

    private final RecordWriter<InteractionRecord> writer;

    /** A recorder over the database that keeps records in memory (not durable) while the database is away. */
    public InteractionRecorder(DataSource dataSource) {
        this(new JdbcRecordSink(dataSource), CAPACITY, BATCH_SIZE, MIN_BACKOFF.toMillis(), MAX_BACKOFF.toMillis());
    }

    /**
     * A recorder over the database that spools to {@code <spoolDirectory>/interaction.spool} while the database is
     * away, and first replays what an earlier run left there.
     *
     * @param spoolDirectory where the spool lives; null keeps records in memory instead
     * @throws IOException when the spool cannot be opened (another server process uses it, say)
     */
    public InteractionRecorder(DataSource dataSource, Path spoolDirectory) throws IOException {
        this(dataSource, spoolDirectory, StoredInteractions.NONE);
    }

    /**
     * The same, with the records stored for the first time handed to {@code stored} (the interval aggregates) in
     * the transaction that stores them.
     */
    public InteractionRecorder(DataSource dataSource, Path spoolDirectory, StoredInteractions stored)
            throws IOException {
        this(new JdbcRecordSink(dataSource, stored), spoolDirectory == null
                ? new MemorySpool<>(InteractionRecordKind.INSTANCE, CAPACITY)
                : SpoolFile.open(spoolDirectory, InteractionRecordKind.INSTANCE), CAPACITY, BATCH_SIZE);
    }

    /** A recorder over any sink with an in-memory spool, for tests. */
    public InteractionRecorder(RecordSink<InteractionRecord> sink, int capacity, int batchSize, long minBackoffMillis,
                               long maxBackoffMillis) {
        this.writer = new RecordWriter<>(InteractionRecordKind.INSTANCE, sink,
                new MemorySpool<>(InteractionRecordKind.INSTANCE, capacity), capacity, batchSize,
                Duration.ofMillis(minBackoffMillis), Duration.ofMillis(maxBackoffMillis), CLOSE_WAIT, LINGER);
    }

    /** A recorder over any sink and spool. */
    public InteractionRecorder(RecordSink<InteractionRecord> sink, RecordSpool<InteractionRecord> spool, int capacity,
                               int batchSize) {
        this(sink, spool, capacity, batchSize, MIN_BACKOFF, MAX_BACKOFF);
    }

    /**
     * A recorder over any sink and spool whose retries while the sink fails start at {@code minBackoff} and double
     * up to {@code maxBackoff} (tests run an outage of as many retries in less time).
     */
    public InteractionRecorder(RecordSink<InteractionRecord> sink, RecordSpool<InteractionRecord> spool, int capacity,
                               int batchSize, Duration minBackoff, Duration maxBackoff) {
        this.writer = new RecordWriter<>(InteractionRecordKind.INSTANCE, sink, spool, capacity, batchSize,
                minBackoff, maxBackoff, CLOSE_WAIT, LINGER);
    }

    /** Queues a record for writing; returns false only when the buffer is full. Never blocks. */
    public boolean record(InteractionRecord r) {
        return writer.offer(r);
    }

    public long written() {
        return writer.written();
    }

    public long failedAttempts() {
        return writer.failedAttempts();
    }

    public long dropped() {
        return writer.dropped();
    }

    public long spooled() {
        return writer.spooled();
    }

    public long replayed() {
        return writer.replayed();
    }

    /** Records accepted but not yet written to the database (spooled ones included). */
    public long pending() {
        return writer.pending();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        writer.bindTo(registry);
        Gauge.builder("acd.records.pending", this, InteractionRecorder::pending).register(registry);
    }

    /** Writes or spools every record in hand, then stops; see {@link RecordWriter#close()}. */
    @Override
    public void close() {
        writer.close();
    }
}
