package org.acdserver.gateway.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table with a unique call id behind the {@link RecordSink} interface: it can be taken down (a connection
 * failure, SQLSTATE 08006) and can refuse chosen records for their content (a check violation, 23514).
 */
final class FakeSink implements RecordSink<InteractionRecord> {

    private final Map<String, InteractionRecord> stored = new LinkedHashMap<>();
    private final List<String> arrivals = new ArrayList<>();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    volatile boolean down;
    volatile int batches;

    @Override
    public synchronized void write(List<InteractionRecord> batch) throws SQLException {
        if (down) {
            throw new SQLException("Connection to localhost:5432 refused", "08006");
        }
        for (InteractionRecord r : batch) {
            if (refused.contains(r.callId())) {
                throw new SQLException("new row violates check constraint \"interaction_outcome_check\"", "23514");
            }
        }
        batches++;
        for (InteractionRecord r : batch) {
            if (stored.putIfAbsent(r.callId(), r) == null) {
                arrivals.add(r.callId());
            }
        }
    }

    /** Call ids in the order they were first stored. */
    synchronized List<String> storedIds() {
        return new ArrayList<>(arrivals);
    }

    synchronized int size() {
        return stored.size();
    }
}
