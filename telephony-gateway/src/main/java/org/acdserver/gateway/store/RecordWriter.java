package org.acdserver.gateway.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records of one kind to the database in batches without ever blocking the threads that produce them, and
 * loses none while the database is slow or away.
 *
 * <p>{@link #offer} only puts the record into a bounded in-memory buffer, so Netty event loops may call it. One
 * writer thread (a daemon platform thread: it blocks in JDBC, and there is exactly one) takes up to
 * {@code batchSize} records at a time and writes them in one transaction (multi-row inserts).
 *
 * <p>When a write fails because the database is down, slow (the timeouts of {@link Database}) or otherwise not
 * taking writes, the batch goes to the {@link RecordSpool}, an append-only file under the server's data directory,
 * and so does every later batch while anything waits there, which keeps the records in order. The writer replays
 * the spool's oldest records, retrying with a backoff from {@code minBackoff} doubling to {@code maxBackoff}; once
 * the database takes them, the spool empties at the database's speed and batches go straight to the database again.
 * Records left in the spool when the process stops are replayed by the next start. The sink ignores records already
 * stored (unique key), so a batch replayed after a lost acknowledgement or a crash is never stored twice.
 *
 * <p>A batch the database refuses for its content (see {@link WriteFailure}) is written again in halves, halving
 * further where refused, and only the records refused are set aside by the spool with the reason. A record is
 * dropped, counted and logged, only when the buffer is full, when the database refuses it, or when a spool that is
 * not durable still holds it at close.
 *
 * <p>With a {@code linger}, a batch is written that long after its first record arrived rather than at once, so the
 * writer and the database do not run in the moment a record is offered: agent-state changes are offered as an
 * agent is chosen for a call, when the CPU is better left to the call's ring. Records arriving meanwhile join it.
 * The linger ends early once the buffer holds the rest of a full batch (the producer that fills it wakes the
 * writer) or the writer is closing: a full batch gains nothing from waiting, and a writer that waited out its linger
 * for every full batch would be capped at one batch per linger however fast the database is.
 *
 * <p>{@link #close()} stops taking records only after those in hand are written or spooled: the writer writes what
 * the buffer holds (spooling it if the database fails), replays the spool for up to {@code closeWait}, and leaves
 * the rest in the spool for the next start. Close it before the database it writes to.
 *
 * @param <R> the record type
 */
public final class RecordWriter<R> implements AutoCloseable, MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);

    private final RecordKind<R> kind;
    private final RecordSink<R> sink;
    private final RecordSpool<R> spool;
    private final BlockingQueue<R> buffer;
    private final int batchSize;
    private final long minBackoffNanos;
    private final long maxBackoffNanos;
    private final long closeWaitNanos;
    private final long lingerNanos;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final List<R> inHand = new ArrayList<>();
    /** Size of the batch the writer holds, readable from other threads for {@link #pending()}. */
    private volatile int inHandSize;
    private volatile long spoolSize;
    private volatile boolean closing;
    private volatile long closeDeadline;
    /**
     * While the writer lingers: the buffered count that completes its batch, at which {@link #offer} wakes it;
     * {@link Integer#MAX_VALUE} otherwise, so that an offer outside a linger reads one field and nothing more.
     */
    private volatile int wakeAtBuffered = Integer.MAX_VALUE;
    /** The last append to the spool failed. */
    private boolean spoolFailing;
    // Writer thread only.
    private long backoffNanos;
    private long retryAt;

    /**
     * @param kind       the records' kind (name, key, spool encoding)
     * @param sink       where batches are written
     * @param spool      where batches wait while the sink fails; the writer closes it
     * @param capacity   records the in-memory buffer holds
     * @param batchSize  records per transaction at most
     * @param minBackoff first wait before replaying after a failure
     * @param maxBackoff longest wait between replay attempts
     * @param closeWait  how long {@link #close()} keeps replaying the spool before leaving it for the next start
     */
    public RecordWriter(RecordKind<R> kind, RecordSink<R> sink, RecordSpool<R> spool, int capacity, int batchSize,
                        Duration minBackoff, Duration maxBackoff, Duration closeWait) {
        this(kind, sink, spool, capacity, batchSize, minBackoff, maxBackoff, closeWait, Duration.ZERO);
    }

    /**
     * A writer whose batches start {@code linger} after their first record (zero: at once); the other parameters as
     * {@link #RecordWriter(RecordKind, RecordSink, RecordSpool, int, int, Duration, Duration, Duration)}.
     */
    public RecordWriter(RecordKind<R> kind, RecordSink<R> sink, RecordSpool<R> spool, int capacity, int batchSize,
                        Duration minBackoff, Duration maxBackoff, Duration closeWait, Duration linger) {
        if (batchSize < 1 || capacity < 1) {
            throw new IllegalArgumentException("capacity and batch size must be at least 1: " + capacity + ", "
                    + batchSize);
        }
        if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must grow from " + minBackoff + " to " + maxBackoff);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative: " + linger);
        }
        this.kind = kind;
        this.sink = sink;
        this.spool = spool;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.minBackoffNanos = minBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.closeWaitNanos = closeWait.toNanos();
        this.lingerNanos = linger.toNanos();
        this.backoffNanos = minBackoffNanos;
        this.spoolSize = spool.size();
        this.retryAt = System.nanoTime();
        this.writer = new Thread(this::writeLoop, "acd-" + kind.name() + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a record for writing; returns false only when the buffer is full (the record is dropped). */
    public boolean offer(R record) {
        if (buffer.offer(record)) {
            int wakeAt = wakeAtBuffered;
            if (wakeAt != Integer.MAX_VALUE && buffer.size() >= wakeAt) {
                LockSupport.unpark(writer);
            }
            return true;
        }
        long n = dropped.incrementAndGet();
        LOG.error("{} buffer full ({} pending): record {} dropped ({} dropped so far)", kind.name(), buffer.size(),
                kind.key(record), n);
        return false;
    }

    /** Records stored in the database, directly or replayed from the spool. */
    public long written() {
        return written.get();
    }

    /** Records put into the spool because the database did not take them. */
    public long spooled() {
        return spooled.get();
    }

    /** Records written from the spool once the database took them again. */
    public long replayed() {
        return replayed.get();
    }

    /** Records lost: buffer full, refused by the database, unreadable in the spool, or in memory at close. */
    public long dropped() {
        return dropped.get() + spool.unreadable();
    }

    /** Write attempts that failed. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Records accepted and not yet taken by the writer thread. */
    int buffered() {
        return buffer.size();
    }

    /** Records accepted and not yet stored in the database: buffered, in the writer's hands, or spooled. */
    public long pending() {
        return buffer.size() + inHandSize + spoolSize;
    }

    /** Records waiting in the spool. */
    public long spoolSize() {
        return spoolSize;
    }

    /**
     * Counters {@code acd.records.written}, {@code .spooled}, {@code .replayed} and {@code .dropped} (Prometheus:
     * {@code acd_records_spooled_total} and so on) and the gauge {@code acd.records.spool.size}, tagged with the
     * record kind.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        String k = kind.name();
        FunctionCounter.builder("acd.records.written", this, RecordWriter::written).tag("kind", k)
                .description("records stored in the database").register(registry);
        FunctionCounter.builder("acd.records.spooled", this, RecordWriter::spooled).tag("kind", k)
                .description("records spooled to disk while the database did not take them").register(registry);
        FunctionCounter.builder("acd.records.replayed", this, RecordWriter::replayed).tag("kind", k)
                .description("spooled records written once the database took them again").register(registry);
        FunctionCounter.builder("acd.records.dropped", this, RecordWriter::dropped).tag("kind", k)
                .description("records lost: buffer full, refused by the database, or unreadable").register(registry);
        Gauge.builder("acd.records.spool.size", this, RecordWriter::spoolSize).tag("kind", k)
                .description("records waiting in the spool").register(registry);
    }

    private void writeLoop() {
        try {
            while (true) {
                // Replay before taking more, so that a steady stream of new records cannot starve the spool.
                if (spool.size() > 0 && System.nanoTime() - retryAt >= 0) {
                    replay();
                }
                if (inHand.isEmpty()) {
                    take(waitNanos());
                }
                if (!inHand.isEmpty()) {
                    if (spool.size() > 0) {
                        // Behind what already waits, to keep the order.
                        toSpool(inHand);
                    } else {
                        writeInHand();
                    }
                } else if (closing && buffer.isEmpty()
                        && (spool.size() == 0 || System.nanoTime() - closeDeadline >= 0)) {
                    return;
                }
                if (closing && spoolFailing && System.nanoTime() - closeDeadline >= 0) {
                    // Neither the database nor the spool takes them; close() counts what is left as dropped.
                    return;
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("{} writer interrupted with {} records pending", kind.name(), pending());
        } catch (RuntimeException | Error e) {
            LOG.error("{} writer failed with {} records pending", kind.name(), pending(), e);
        }
    }

    /** How long to wait for new records: until the next replay is due while the spool holds some. */
    private long waitNanos() {
        long idle = TimeUnit.MILLISECONDS.toNanos(closing ? 20 : 200);
        return spool.size() > 0 ? Math.max(0, Math.min(retryAt - System.nanoTime(), idle)) : idle;
    }

    private void take(long waitNanos) throws InterruptedException {
        R first = waitNanos > 0 ? buffer.poll(waitNanos, TimeUnit.NANOSECONDS) : buffer.poll();
        if (first != null) {
            inHand.add(first);
            inHandSize = 1;
            if (lingerNanos > 0 && !closing) {
                linger(batchSize - 1);
            }
            buffer.drainTo(inHand, batchSize - 1);
            inHandSize = inHand.size();
        }
    }

    /**
     * Waits the linger out, or less once the buffer holds {@code rest} records or the writer is closing. The wake
     * count is published before the buffer is checked, so an offer that completes the batch after the check finds it
     * and unparks the writer, whose park then returns at once.
     */
    private void linger(int rest) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        wakeAtBuffered = rest;
        try {
            while (!closing && buffer.size() < rest) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            wakeAtBuffered = Integer.MAX_VALUE;
        }
    }

    private void writeInHand() throws InterruptedException {
        try {
            sink.write(inHand);
            written.addAndGet(inHand.size());
            clearInHand();
            backoffNanos = minBackoffNanos;
        } catch (Exception e) {
            failedAttempts.incrementAndGet();
            if (WriteFailure.of(e) == WriteFailure.REJECTED) {
                List<R> batch = new ArrayList<>(inHand);
                clearInHand();
                // The batch stays pending while it is split and written part by part: pending() must not read zero
                // before the refused records are set aside (it may count a part twice meanwhile, never none).
                inHandSize = batch.size();
                try {
                    writeSettingAsideRefused(batch, false, e);
                } finally {
                    inHandSize = inHand.size();
                }
            } else {
                LOG.warn("writing {} {} records failed; spooling them and retrying in {} ms: {}", inHand.size(),
                        kind.name(), TimeUnit.NANOSECONDS.toMillis(backoffNanos), e.toString());
                scheduleRetry();
                toSpool(inHand);
            }
        }
    }

    /** Moves records to the spool; if even that fails they stay in hand and the next round tries again. */
    private void toSpool(List<R> records) throws InterruptedException {
        try {
            spool.append(records);
            spoolFailing = false;
            spooled.addAndGet(records.size());
            spoolSize = spool.size();
            if (records == inHand) {
                clearInHand();
            }
        } catch (IOException e) {
            spoolFailing = true;
            long n = failedAttempts.incrementAndGet();
            if (n == 1 || n % 20 == 0) {
                LOG.error("cannot spool {} {} records ({} pending in memory); retrying: {}", records.size(),
                        kind.name(), pending(), e.getMessage());
            }
            if (records != inHand) {
                inHand.addAll(0, records);
                inHandSize = inHand.size();
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(backoffNanos));
            backoffNanos = Math.min(maxBackoffNanos, backoffNanos * 2);
        }
    }

    /** Writes the spool's oldest records, then removes them from it. */
    private void replay() throws InterruptedException {
        List<R> oldest;
        try {
            oldest = spool.oldest(batchSize);
            if (oldest.isEmpty()) {
                spool.remove(0);
                spoolSize = spool.size();
                return;
            }
        } catch (IOException e) {
            failedAttempts.incrementAndGet();
            LOG.error("cannot read the {} spool: {}", kind.name(), e.getMessage());
            scheduleRetry();
            return;
        }
        try {
            sink.write(oldest);
        } catch (Exception e) {
            failedAttempts.incrementAndGet();
            if (WriteFailure.of(e) == WriteFailure.REJECTED) {
                writeSettingAsideRefused(oldest, true, e);
            } else {
                long n = failedAttempts.get();
                if (n % 20 == 1) {
                    LOG.warn("replaying {} spooled {} records failed ({} waiting); retrying in {} ms: {}",
                            oldest.size(), kind.name(), spool.size(), TimeUnit.NANOSECONDS.toMillis(backoffNanos),
                            e.toString());
                }
                scheduleRetry();
            }
            return;
        }
        if (backoffNanos != minBackoffNanos) {
            LOG.info("the database takes {} records again; replaying {} spooled records", kind.name(), spool.size());
        }
        backoffNanos = minBackoffNanos;
        retryAt = System.nanoTime();
        written.addAndGet(oldest.size());
        replayed.addAndGet(oldest.size());
        removeFromSpool(oldest.size());
        if (spool.size() == 0) {
            LOG.info("all spooled {} records are stored ({} replayed since start)", kind.name(), replayed.get());
        }
    }

    /**
     * After a batch was refused for its content: halves of it, and halves of the halves that are refused, until the
     * records refused are found alone and set aside; the rest is stored. That costs a few writes per refused record
     * instead of one per record of the batch. A failure that is not the records' stops the round; what is left
     * waits in (or goes to) the spool.
     */
    private void writeSettingAsideRefused(List<R> records, boolean fromSpool, Exception cause)
            throws InterruptedException {
        LOG.warn("the database refused a batch of {} {} records ({}); finding the records it refuses", records.size(),
                kind.name(), cause.getMessage());
        // Ranges of the batch still to write, in order: the first is always the next one.
        ArrayDeque<int[]> ranges = new ArrayDeque<>();
        ranges.add(new int[] {0, records.size()});
        Exception refusal = cause;
        boolean whole = true;
        while (!ranges.isEmpty()) {
            int[] range = ranges.pollFirst();
            List<R> part = records.subList(range[0], range[1]);
            if (!whole) {
                try {
                    sink.write(part);
                    written.addAndGet(part.size());
                    if (fromSpool) {
                        replayed.addAndGet(part.size());
                    }
                    continue;
                } catch (Exception e) {
                    if (WriteFailure.of(e) != WriteFailure.REJECTED) {
                        failedAttempts.incrementAndGet();
                        scheduleRetry();
                        if (fromSpool) {
                            removeFromSpool(range[0]);
                        } else {
                            toSpool(new ArrayList<>(records.subList(range[0], records.size())));
                        }
                        return;
                    }
                    refusal = e;
                }
            }
            // The whole batch was refused already, which is why we are here.
            whole = false;
            if (part.size() == 1) {
                dropped.incrementAndGet();
                spool.reject(part.get(0), refusal.getMessage());
                continue;
            }
            int middle = (range[0] + range[1]) >>> 1;
            ranges.addFirst(new int[] {middle, range[1]});
            ranges.addFirst(new int[] {range[0], middle});
        }
        if (fromSpool) {
            removeFromSpool(records.size());
        }
    }

    private void removeFromSpool(int count) {
        try {
            spool.remove(count);
        } catch (IOException e) {
            // The records are stored; keeping them in the spool only means writing them again, which stores nothing.
            LOG.warn("cannot move the {} spool's read position: {}", kind.name(), e.getMessage());
        }
        spoolSize = spool.size();
    }

    private void scheduleRetry() {
        retryAt = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(maxBackoffNanos, backoffNanos * 2);
    }

    private void clearInHand() {
        inHand.clear();
        inHandSize = 0;
    }

    /**
     * Writes or spools every record in hand, replays the spool for up to the close wait, then stops the writer and
     * closes the spool. Records still in a spool that is not durable are counted as dropped.
     */
    @Override
    public void close() {
        closeDeadline = System.nanoTime() + closeWaitNanos;
        closing = true;
        // Ends a linger now rather than at its deadline.
        LockSupport.unpark(writer);
        try {
            // The writer ends within the close wait plus one write, which the database's timeouts bound.
            writer.join(TimeUnit.NANOSECONDS.toMillis(closeWaitNanos) + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.error("the {} writer did not finish; {} records not written or spooled", kind.name(),
                    buffer.size() + inHandSize);
            return;
        }
        long left = spool.size();
        if (left > 0 && !spool.durable()) {
            dropped.addAndGet(left);
            LOG.error("{} {} records could not be written before shutdown", left, kind.name());
        } else if (left > 0) {
            LOG.warn("{} {} records stay spooled; the next start writes them", left, kind.name());
        }
        long unstored = buffer.size() + inHand.size();
        if (unstored > 0) {
            dropped.addAndGet(unstored);
            LOG.error("{} {} records could be neither written nor spooled before shutdown and are lost", unstored,
                    kind.name());
        }
        try {
            spool.close();
        } catch (IOException e) {
            LOG.warn("closing the {} spool failed: {}", kind.name(), e.getMessage());
        }
    }
}
