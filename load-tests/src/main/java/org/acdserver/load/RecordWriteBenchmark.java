package org.acdserver.load;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.acdserver.gateway.store.BatchInsertSink;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.InteractionRecordKind;
import org.acdserver.gateway.store.InteractionRecorder;
import org.acdserver.gateway.store.JdbcRecordSink;
import org.acdserver.gateway.store.MemorySpool;
import org.acdserver.gateway.store.PostmasterPid;
import org.acdserver.gateway.store.RecordSink;
import org.acdserver.gateway.store.RecordWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Interaction records written per second into the embedded PostgreSQL, through the record writer, before and after
 * multi-row inserts, in one run on one database.
 *
 * <p>Each variant writes the same number of fresh records (unique call ids, the IVR path and survey answers a real
 * call has) into an emptied {@code interaction} table through a {@link RecordWriter}: the clock runs from the first
 * record offered to the last one committed, and the table must then hold every record exactly once. The variants:
 * <ul>
 *   <li>{@code before}: the writer as it was: batches of 200, each its own transaction, as a JDBC batch of
 *       {@code INSERT ... ON CONFLICT DO NOTHING} sent as one statement per row (pgjdbc without
 *       {@code reWriteBatchedInserts}), with {@code synchronous_commit=off}, the embedded database's old setting;</li>
 *   <li>{@code before-durable}: the same with {@code synchronous_commit=on}, today's setting;</li>
 *   <li>{@code multi-row}: the same statement in batches of {@link InteractionRecorder#BATCH_SIZE}, rewritten into
 *       multi-row {@code INSERT}s, durable;</li>
 *   <li>{@code copy}: the server's writer today ({@link JdbcRecordSink}: {@code COPY} in batches of
 *       {@link InteractionRecorder#BATCH_SIZE}) over the server's own pool ({@link Database}), durable.</li>
 * </ul>
 * PostgreSQL's and this process's CPU time per record are reported beside the rate, since on a shared machine the
 * rate also depends on what else runs.
 */
@Command(name = "record-writes", mixinStandardHelpOptions = true,
        description = "Interaction records written per second into the embedded PostgreSQL, before and after.")
public final class RecordWriteBenchmark implements Callable<Integer> {

    /** One variant's result, with the CPU time PostgreSQL (all its processes) and this process spent. */
    public record Result(String variant, int round, int records, long stored, long distinctCallIds, double seconds,
                         double postgresCpuSeconds, double clientCpuSeconds) {
        public double perSecond() {
            return records / seconds;
        }
    }

    @Option(names = "--records", defaultValue = "200000", description = "records per variant and round")
    int records;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds (every variant once per round)")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RecordWriteBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Result> results = run(records, rounds);
        System.out.printf("%n%-15s %5s %9s %9s %8s %10s %14s %14s%n", "variant", "round", "records", "stored",
                "seconds", "records/s", "postgres us/rec", "client us/rec");
        boolean exact = true;
        for (Result r : results) {
            System.out.printf("%-15s %5d %9d %9d %8.2f %10.0f %14.1f %14.1f%n", r.variant(), r.round(), r.records(),
                    r.stored(), r.seconds(), r.perSecond(), r.postgresCpuSeconds() * 1e6 / r.records(),
                    r.clientCpuSeconds() * 1e6 / r.records());
            exact &= r.stored() == r.records() && r.distinctCallIds() == r.records();
        }
        System.out.println(exact ? "every record stored exactly once" : "RECORDS LOST OR DOUBLED");
        return exact ? 0 : 1;
    }

    /** Runs every variant {@code rounds} times on a fresh embedded database in a temporary directory. */
    public static List<Result> run(int records, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("acd-record-writes");
        try (Database db = Database.open(new DatabaseSettings(null, null, null, 4, dir.resolve("postgres"), 0));
             HikariDataSource rowByRow = pool(db.jdbcUrl(), false, "off");
             HikariDataSource rowByRowDurable = pool(db.jdbcUrl(), false, "on");
             HikariDataSource multiRow = pool(db.jdbcUrl(), true, "on")) {
            long postmaster = PostmasterPid.read(dir.resolve("postgres")).orElseThrow().pid();
            Variant[] variants = {
                new Variant("before", new BatchInsertSink(rowByRow), 200),
                new Variant("before-durable", new BatchInsertSink(rowByRowDurable), 200),
                new Variant("multi-row", new BatchInsertSink(multiRow), InteractionRecorder.BATCH_SIZE),
                new Variant("copy", new JdbcRecordSink(db.dataSource()), InteractionRecorder.BATCH_SIZE)};
            // A short warm-up of each path (JIT, the server's caches), not reported.
            for (Variant v : variants) {
                measure(v, 0, Math.min(records, 20_000), db.dataSource(), postmaster);
            }
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (Variant v : variants) {
                    results.add(measure(v, round, records, db.dataSource(), postmaster));
                }
            }
            return results;
        } finally {
            deleteTree(dir);
        }
    }

    private record Variant(String name, RecordSink<InteractionRecord> sink, int batchSize) {
    }

    /** A pool of its own: one statement per row or multi-row statements, the given commit mode. */
    private static HikariDataSource pool(String url, boolean multiRow, String synchronousCommit) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("record-writes-" + (multiRow ? "multi-row" : "row-by-row") + "-" + synchronousCommit);
        c.setJdbcUrl(url);
        c.setUsername("postgres");
        c.setMaximumPoolSize(2);
        c.addDataSourceProperty("reWriteBatchedInserts", Boolean.toString(multiRow));
        c.addDataSourceProperty("options", "-c synchronous_commit=" + synchronousCommit);
        return new HikariDataSource(c);
    }

    private static Result measure(Variant v, int round, int records, DataSource check, long postmaster)
            throws Exception {
        execute(check, "TRUNCATE interaction");
        execute(check, "CHECKPOINT");
        List<InteractionRecord> batch = records(v.name() + "-" + round, records);
        RecordWriter<InteractionRecord> writer = new RecordWriter<>(InteractionRecordKind.INSTANCE, v.sink(),
                new MemorySpool<>(InteractionRecordKind.INSTANCE, records), records, v.batchSize(),
                Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(30));
        Duration postgres0 = cpu(postmaster);
        Duration client0 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        long t0 = System.nanoTime();
        for (InteractionRecord r : batch) {
            if (!writer.offer(r)) {
                throw new IllegalStateException("the writer refused a record");
            }
        }
        // Polled, not spun: a spinning thread would take a core from the writer and PostgreSQL.
        while (writer.pending() > 0) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
            if (writer.failedAttempts() > 0) {
                throw new IllegalStateException(v.name() + ": a write failed; see the log");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double postgresCpu = (cpu(postmaster).toNanos() - postgres0.toNanos()) / 1e9;
        double clientCpu = (ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos()
                - client0.toNanos()) / 1e9;
        writer.close();
        try (Connection c = check.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT call_id) FROM interaction")) {
            rs.next();
            return new Result(v.name(), round, records, rs.getLong(1), rs.getLong(2), seconds, postgresCpu,
                    clientCpu);
        }
    }

    /** CPU time of the postmaster and every process it started (the backends). */
    private static Duration cpu(long postmaster) {
        ProcessHandle pm = ProcessHandle.of(postmaster).orElseThrow();
        Duration total = pm.info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle child : pm.descendants().toList()) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Records of answered calls with a four-step IVR path and two survey answers, unique call ids. */
    static List<InteractionRecord> records(String prefix, int n) {
        Instant t = Instant.parse("2026-01-05T09:00:00Z");
        List<InteractionRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant start = t.plusMillis(i * 37L);
            out.add(new InteractionRecord(prefix + "-" + i, String.format("555%07d", i), "main",
                    List.of("welcome", "menu", "menu=" + (1 + i % 2), i % 2 == 0 ? "sales" : "support"),
                    i % 2 == 0 ? "sales" : "support", i % 2 == 0 ? "sales" : "support",
                    String.format("agent%03d", i % 600), start, start.plusSeconds(8), start.plusSeconds(8 + i % 30),
                    start.plusSeconds(200), (double) (i % 30), 192.0 - i % 30, InteractionOutcome.ANSWERED,
                    Map.of("csat", 1 + i % 5, "nps", i % 11), null));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
