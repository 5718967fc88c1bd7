package org.acdserver.gateway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes interaction records without ever blocking call handling.
 *
 * <p>{@link #record} only offers the record to a bounded in-memory buffer, so Netty event loops can call it. One
 * writer thread (a daemon platform thread: it blocks in JDBC for long stretches when the database is slow, and there
 * is exactly one) drains up to {@code batchSize} records, writes them in one transaction, and only then removes them
 * from its hands. If the write fails, for example because the database is down, it keeps the batch and retries with
 * a backoff from 200 ms doubling to 5 s; records keep arriving in the buffer meanwhile. Nothing is lost while the
 * buffer has room; when it is full, {@code record} returns false and the drop is counted and logged. The sink
 * ignores duplicates, so a batch that committed but whose acknowledgement was lost is retried harmlessly.
 */
public final class InteractionRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionRecorder.class);

    private final BlockingQueue<InteractionRecord> buffer;
    private final RecordSink sink;
    private final int batchSize;
    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final List<InteractionRecord> inHand = new ArrayList<>();
    private volatile boolean closing;
    /** Size of the batch the writer holds, readable from other threads for {@link #pending()}. */
    private volatile int inHandSize;

    /** A recorder over the database with a 100,000-record buffer and batches of up to 200. */
    public InteractionRecorder(DataSource dataSource) {
        this(new JdbcRecordSink(dataSource), 100_000, 200, 200, 5_000);
    }

    public InteractionRecorder(RecordSink sink, int capacity, int batchSize, long minBackoffMillis,
                               long maxBackoffMillis) {
        this.sink = sink;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.minBackoffMillis = minBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.writer = new Thread(this::writeLoop, "acd-record-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a record for writing; returns false only when the buffer is full. Never blocks. */
    public boolean record(InteractionRecord r) {
        if (buffer.offer(r)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        LOG.error("interaction buffer full ({} pending): record of call {} dropped ({} dropped so far)",
                buffer.size(), r.callId(), n);
        return false;
    }

    public long written() {
        return written.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Records accepted but not yet written. */
    public long pending() {
        return buffer.size() + inHandSize;
    }

    private void writeLoop() {
        long backoff = minBackoffMillis;
        while (true) {
            try {
                if (inHand.isEmpty()) {
                    InteractionRecord first = buffer.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    inHand.add(first);
                    buffer.drainTo(inHand, batchSize - 1);
                    inHandSize = inHand.size();
                }
                try {
                    sink.write(inHand);
                    written.addAndGet(inHand.size());
                    inHand.clear();
                    inHandSize = 0;
                    backoff = minBackoffMillis;
                } catch (Exception e) {
                    long n = failedAttempts.incrementAndGet();
                    if (n == 1 || n % 20 == 0) {
                        LOG.warn("writing {} interaction records failed ({} pending); retrying in {} ms: {}",
                                inHand.size(), pending(), backoff, e.toString());
                    }
                    if (closing) {
                        return;
                    }
                    Thread.sleep(backoff);
                    backoff = Math.min(maxBackoffMillis, backoff * 2);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes what it can within five seconds, then stops the writer. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pending() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending() > 0) {
            LOG.error("{} interaction records could not be written before shutdown", pending());
        }
    }
}
