package org.acdserver.flow;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs named, parameterized queries for lookup steps. Implementations bind the arguments as parameters, never as
 * text, and complete exceptionally on an error or when {@code timeout} passes.
 */
public interface Lookups {

    /** Looks nothing up: every query fails, sending the flow to its error branch. */
    Lookups NONE = (query, arguments, timeout) ->
            CompletableFuture.failedFuture(new IllegalStateException("no database for lookup " + query));

    /**
     * Runs a query; completes with the first row (column name to text, SQL null as "") or an empty map when there
     * was no row.
     */
    CompletionStage<Map<String, String>> run(String query, Map<String, String> arguments, Duration timeout);
}
