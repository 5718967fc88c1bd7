package org.acdserver.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Told of interaction records inside the transaction that stores them, with only the records stored for the first
 * time, so that what it adds up counts every record exactly once (see {@link IntervalAggregation}).
 */
public interface StoredInteractions {

    /** Nothing is added up. */
    StoredInteractions NONE = (c, fresh) -> {
    };

    /** The records were inserted in {@code c}'s transaction, which commits after this returns. */
    void stored(Connection c, List<InteractionRecord> fresh) throws SQLException;
}
