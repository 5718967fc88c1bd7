package org.acdserver.gateway.store;

import java.sql.SQLException;
import java.util.List;

/** Where the recorder writes batches; a batch is written whole or not at all. */
public interface RecordSink {
    void write(List<InteractionRecord> batch) throws SQLException;
}
