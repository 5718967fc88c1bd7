package org.acdserver.gateway.store;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spool in memory, bounded: records wait there while the database is down but are lost with the process. For
 * writers that have no spool directory (tests, tools); the server spools to a {@link SpoolFile}.
 *
 * @param <R> the record type
 */
public final class MemorySpool<R> implements RecordSpool<R> {

    private static final Logger LOG = LoggerFactory.getLogger(MemorySpool.class);

    private final RecordKind<R> kind;
    private final int capacity;
    private final ArrayDeque<R> records = new ArrayDeque<>();

    /** A spool holding at most {@code capacity} records. */
    public MemorySpool(RecordKind<R> kind, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.kind = kind;
        this.capacity = capacity;
    }

    @Override
    public void append(List<R> batch) throws IOException {
        if (records.size() + batch.size() > capacity) {
            throw new IOException("the in-memory spool of " + kind.name() + " records is full (" + records.size()
                    + " of " + capacity + ")");
        }
        records.addAll(batch);
    }

    @Override
    public List<R> oldest(int max) {
        List<R> out = new ArrayList<>(Math.min(max, records.size()));
        Iterator<R> it = records.iterator();
        while (out.size() < max && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public void remove(int count) {
        for (int i = 0; i < count; i++) {
            records.pollFirst();
        }
    }

    @Override
    public long size() {
        return records.size();
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void reject(R record, String reason) {
        LOG.error("{} record {} refused by the database and dropped ({}): {}", kind.name(), kind.key(record), reason,
                kind.encode(record));
    }

    @Override
    public long unreadable() {
        return 0;
    }

    @Override
    public void close() {
        records.clear();
    }
}
