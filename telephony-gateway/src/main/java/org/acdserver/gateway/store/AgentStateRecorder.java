package org.acdserver.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Stores agent-state changes through the same pipeline as interaction records: a {@link RecordWriter} of
 * {@link AgentStateRecord}s that never blocks the routing thread, writes batches in one transaction each
 * ({@link AgentStateSink}, which also adds up time per state and interval), and spools to
 * {@code <spoolDirectory>/agent-state.spool} while the database is away. Metrics carry {@code kind="agent-state"}.
 */
public final class AgentStateRecorder implements AutoCloseable, MeterBinder {

    /** Changes the in-memory buffer holds: a few per call, so this covers a long outage's burst. */
    public static final int CAPACITY = 100_000;
    /** Changes per transaction at most. */
    public static final int BATCH_SIZE = 5_000;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /**
     * How long a batch waits after its first change: a change is offered as the routing core chooses an agent for a
     * call, and a write at once would put the writer and the database on the CPU while Asterisk dials the agent.
     * Each call changes its agent's state a few times, so under load a longer linger also means fewer transactions
     * (load-tests' README, "The records of a round of hand-offs"). A full batch does not wait (see
     * {@link RecordWriter}).
     */
    static final Duration LINGER = Duration.ofMillis(200);

    private final RecordWriter<AgentStateRecord> writer;

    /**
     * @param spoolDirectory where the spool lives; null keeps changes in memory while the database is away
     * @throws IOException when the spool cannot be opened (another server process uses it, say)
     */
    public AgentStateRecorder(DataSource dataSource, Path spoolDirectory) throws IOException {
        this(new AgentStateSink(dataSource), spoolDirectory == null
                ? new MemorySpool<>(AgentStateRecordKind.INSTANCE, CAPACITY)
                : SpoolFile.open(spoolDirectory, AgentStateRecordKind.INSTANCE));
    }

    /** A recorder over any sink and spool. */
    public AgentStateRecorder(RecordSink<AgentStateRecord> sink, RecordSpool<AgentStateRecord> spool) {
        this.writer = new RecordWriter<>(AgentStateRecordKind.INSTANCE, sink, spool, CAPACITY, BATCH_SIZE,
                MIN_BACKOFF, MAX_BACKOFF, CLOSE_WAIT, LINGER);
    }

    /** Queues a change for writing; returns false only when the buffer is full. Never blocks. */
    public boolean record(AgentStateRecord change) {
        return writer.offer(change);
    }

    public long written() {
        return writer.written();
    }

    public long dropped() {
        return writer.dropped();
    }

    /** Changes accepted but not yet stored (spooled ones included). */
    public long pending() {
        return writer.pending();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        writer.bindTo(registry);
    }

    /** Writes or spools every change in hand, then stops; see {@link RecordWriter#close()}. */
    @Override
    public void close() {
        writer.close();
    }
}
