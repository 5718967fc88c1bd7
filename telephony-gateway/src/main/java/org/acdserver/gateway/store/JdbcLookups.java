package org.acdserver.gateway.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.acdserver.flow.Lookups;
import org.acdserver.flow.NamedQuery;

/**
 * Look-ups over the server's connection pool. Each named query runs as a prepared statement with its arguments
 * bound as parameters (no text is ever spliced into SQL), in a read-only transaction, with the step's timeout as
 * the statement's query timeout and as a bound on the whole wait. Queries run on the given bounded executor, never
 * on the caller's thread; when it is saturated the look-up fails at once and the flow takes its error branch.
 */
public final class JdbcLookups implements Lookups {

    private final DataSource dataSource;
    private final Supplier<Map<String, NamedQuery>> queries;
    private final Executor executor;

    /**
     * @param dataSource the pool
     * @param queries    the named queries in force (they change on reload)
     * @param executor   where blocking JDBC runs
     */
    public JdbcLookups(DataSource dataSource, Supplier<Map<String, NamedQuery>> queries, Executor executor) {
        this.dataSource = dataSource;
        this.queries = queries;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Map<String, String>> run(String query, Map<String, String> arguments, Duration timeout) {
        NamedQuery q = queries.get().get(query);
        if (q == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no query named " + query));
        }
        try {
            return CompletableFuture.supplyAsync(() -> execute(q, arguments, timeout), executor)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Map<String, String> execute(NamedQuery q, Map<String, String> arguments, Duration timeout) {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                ps.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
                ps.setMaxRows(1);
                for (int i = 0; i < q.parameters().size(); i++) {
                    ps.setString(i + 1, arguments.getOrDefault(q.parameters().get(i), ""));
                }
                Map<String, String> row = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        ResultSetMetaData md = rs.getMetaData();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.put(md.getColumnLabel(i), v == null ? ""
                                    : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
                        }
                    }
                }
                return row;
            } finally {
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("look-up " + q.name() + " failed: " + e.getMessage(), e);
        }
    }
}
