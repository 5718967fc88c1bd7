package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acdserver.flow.NamedQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Named look-ups against a real PostgreSQL: bound parameters, timeouts, and a database that is down. */
class JdbcLookupsIT {

    private static final Map<String, NamedQuery> QUERIES = Map.of(
            "customer", new NamedQuery("customer", "SELECT name, balance, vip FROM customer WHERE phone = ?",
                    List.of("phone")),
            "slow", new NamedQuery("slow", "SELECT pg_sleep(5) AS slept WHERE ? <> ''", List.of("x")));
    private static Database database;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        database = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        executor.shutdownNow();
        database.close();
    }

    @Test
    void argumentsAreBoundNeverSpliced() throws Exception {
        JdbcLookups lookups = new JdbcLookups(database.dataSource(), () -> QUERIES, executor);
        assertThat(lookups.run("customer", Map.of("phone", "5550100"), Duration.ofSeconds(2))
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsEntry("name", "Ada Demo").containsEntry("balance", "1250.50").containsEntry("vip", "true");
        assertThat(lookups.run("customer", Map.of("phone", "x' OR '1'='1"), Duration.ofSeconds(2))
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> lookups.run("nope", Map.of(), Duration.ofSeconds(1)).toCompletableFuture().get())
                .hasMessageContaining("no query named nope");
    }

    @Test
    void aSlowQueryFailsAtItsTimeout() {
        JdbcLookups lookups = new JdbcLookups(database.dataSource(), () -> QUERIES, executor);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> lookups.run("slow", Map.of("x", "1"), Duration.ofMillis(700))
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void aDatabaseThatIsDownFailsWithinTheTimeout() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        c.setConnectionTimeout(5_000);
        c.setInitializationFailTimeout(-1);
        try (HikariDataSource down = new HikariDataSource(c)) {
            JdbcLookups lookups = new JdbcLookups(down, () -> QUERIES, executor);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> lookups.run("customer", Map.of("phone", "5550100"), Duration.ofMillis(500))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1_500));
        }
    }
}
