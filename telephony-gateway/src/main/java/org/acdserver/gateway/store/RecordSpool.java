package org.acdserver.gateway.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Records waiting for the database, oldest first. The record writer alone uses it, from its one thread: it appends
 * batches the database did not take and, once the database is back, writes the oldest records and then removes
 * them. {@link SpoolFile} keeps them in an append-only file that survives a crash; {@link MemorySpool} keeps them in
 * memory, for writers without a spool directory.
 *
 * @param <R> the record type
 */
public interface RecordSpool<R> extends Closeable {

    /** Adds records after those already waiting; on return they survive a crash when the spool is durable. */
    void append(List<R> records) throws IOException;

    /** Up to {@code max} of the oldest waiting records, without removing them. */
    List<R> oldest(int max) throws IOException;

    /**
     * Removes the first {@code count} records of the last {@link #oldest} answer, once they are stored. Removing all
     * of them also removes anything unreadable that was skipped after them.
     */
    void remove(int count) throws IOException;

    /** Records waiting. */
    long size();

    /** Whether records survive a crash of the process. */
    boolean durable();

    /** Sets aside a record the database refuses, with the reason, where an administrator can find it. */
    void reject(R record, String reason);

    /** Entries found unreadable (a torn or corrupted line) and set aside, since the spool was opened. */
    long unreadable();
}
