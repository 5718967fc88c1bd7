package org.acdserver.gateway.store;

import java.sql.SQLException;
import java.util.List;

/**
 * Where a record writer stores batches. A batch is written whole or not at all, and writing a record that is
 * already stored (same key) stores nothing, so that a batch retried after a lost acknowledgement, or replayed from
 * the spool after a crash, never doubles a record.
 *
 * @param <R> the record type
 */
public interface RecordSink<R> {
    void write(List<R> batch) throws SQLException;
}
