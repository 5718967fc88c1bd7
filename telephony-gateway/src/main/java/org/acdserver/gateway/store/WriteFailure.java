package org.acdserver.gateway.store;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * Why a batch could not be written, which decides what happens to it: a database that is down, slow, restarting
 * or missing a table will take the batch later, so it is spooled and retried; a record the database refuses for its
 * content (a check or not-null constraint, a value out of range) will never be taken, so it is set aside with the
 * reason instead of blocking every record behind it.
 */
public enum WriteFailure {
    /** The database may take it later: spool and retry. */
    TRANSIENT,
    /** The database refuses the record itself: set it aside. */
    REJECTED;

    /** Classifies a sink's exception by the first SQLSTATE found along its causes. */
    public static WriteFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return TRANSIENT;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // Class 22: data exception; class 23: integrity constraint violation. Both are about the rows sent.
                return state.startsWith("22") || state.startsWith("23") ? REJECTED : TRANSIENT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // An exception that is not the database's (a record the sink cannot bind) says nothing good about retrying.
        return failure instanceof SQLException ? TRANSIENT : REJECTED;
    }
}
