package org.acdserver.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.KpiSettings;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.kpi.IntervalReport;
import org.acdserver.gateway.kpi.KpiConfiguration;
import org.acdserver.gateway.kpi.Report;
import org.acdserver.gateway.kpi.ReportFormat;
import org.acdserver.gateway.kpi.ReportInterval;
import org.acdserver.gateway.kpi.ReportRequest;
import org.acdserver.gateway.store.AgentStateRecord;
import org.acdserver.gateway.store.AgentStateRecorder;
import org.acdserver.gateway.store.AgentStateSink;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.InteractionRecorder;
import org.acdserver.gateway.store.IntervalAggregation;
import org.acdserver.gateway.store.JdbcRecordSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates days of calls into an embedded PostgreSQL through the server's own sinks (so the interval aggregates
 * are built as they are in production: as records are stored), then times interval reports over them: a one-day
 * report in quarter hours over the busiest day, and a report over every day in days.
 *
 * <p>Calls arrive evenly over the day's hours at {@code --calls-per-day}, split over four queues; 70% are answered
 * (by 200 agents, with ringing, talk, sometimes hold, wrap-up and ready in the agent-state history), the rest
 * abandoned, short-abandoned, served in the IVR, transferred or turned into callbacks; a third answer a survey; one
 * caller in eight calls again within three days. Records go in batches of {@link InteractionRecorder#BATCH_SIZE}
 * and agent-state changes in batches of {@link AgentStateRecorder#BATCH_SIZE}, as the server writes them.
 *
 * <p>Prints the write rate, each report's time over {@code --rounds} runs (minimum, median, maximum) and checks
 * that the reports' calls add up to the records written (exit 1 otherwise).
 */
@Command(name = "report-load", mixinStandardHelpOptions = true,
        description = "Interval-report times over generated days of calls.")
public final class ReportLoad implements Callable<Integer> {

    private static final Instant FIRST_DAY = Instant.parse("2026-01-05T00:00:00Z");
    private static final List<String> QUEUES = List.of("sales", "support", "billing", "spanish");
    private static final int AGENTS = 200;

    @Option(names = "--days", defaultValue = "30", description = "days of calls")
    int days;

    @Option(names = "--calls-per-day", defaultValue = "100000", description = "interaction records per day")
    int callsPerDay;

    @Option(names = "--rounds", defaultValue = "5", description = "runs of each report")
    int rounds;

    @Option(names = "--data", description = "keep the database in this directory (default: a temporary one)")
    Path data;

    @Option(names = "--reports-only", description = "time the reports over the database --data holds, written by"
            + " an earlier run with the same --days")
    boolean reportsOnly;

    @Option(names = "--from-day", defaultValue = "0", description = "write from this day (0-based) on, into the"
            + " database --data holds: completes an earlier run that stopped; the days before are generated again,"
            + " unwritten, so that the calls are the same")
    int fromDay;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("acd-report-load");
        try (Database db = Database.open(new DatabaseSettings(null, null, null, 4, dir.resolve("postgres"), 0))) {
            ConfigurationSnapshot config = configuration();
            if (!reportsOnly) {
                generate(db, config);
            }
            return timeReports(db, config) ? 0 : 1;
        } finally {
            if (data == null) {
                deleteTree(dir);
            }
        }
    }

    static ConfigurationSnapshot configuration() {
        List<QueueDefinition> queues = QUEUES.stream().map(q -> new QueueDefinition(q, 15, 0)).toList();
        List<AgentDefinition> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(new AgentDefinition(agent(i), "PJSIP/" + agent(i), List.of(QUEUES.get(i % QUEUES.size()))));
        }
        return ConfigurationSnapshot.builder(new RoutingConfiguration(queues, agents))
                .serviceLevels(Map.of("sales", new ServiceLevelTarget(80, 20, 5),
                        "support", new ServiceLevelTarget(90, 30, 5)))
                .kpi(new KpiSettings(ZoneId.of("UTC"), Duration.ofHours(72)))
                .build();
    }

    private static String agent(int i) {
        return String.format("agent%03d", i);
    }

    /** Writes every day's records and agent-state changes. */
    private void generate(Database db, ConfigurationSnapshot config) throws SQLException {
        JdbcRecordSink records = new JdbcRecordSink(db.dataSource(),
                new IntervalAggregation(() -> KpiConfiguration.rules(config)));
        AgentStateSink states = new AgentStateSink(db.dataSource());
        SplittableRandom random = new SplittableRandom(2026);
        // Each agent is free again at this instant; calls go to the agent free longest.
        long[] freeAt = new long[AGENTS];
        Arrays.fill(freeAt, FIRST_DAY.toEpochMilli());
        List<InteractionRecord> recordBatch = new ArrayList<>(InteractionRecorder.BATCH_SIZE);
        List<AgentStateRecord> stateBatch = new ArrayList<>(AgentStateRecorder.BATCH_SIZE);
        long written = 0;
        long states0 = 0;
        long t0 = System.nanoTime();
        for (int day = 0; day < days; day++) {
            long dayStart = FIRST_DAY.toEpochMilli() + day * 86_400_000L;
            double gap = 86_400_000.0 / callsPerDay;
            for (int i = 0; i < callsPerDay; i++) {
                long start = dayStart + (long) (i * gap + random.nextDouble() * gap);
                String id = "d" + day + "-" + i;
                recordBatch.add(call(random, id, start, freeAt, stateBatch));
                if (day < fromDay) {
                    recordBatch.clear();
                    stateBatch.clear();
                    continue;
                }
                if (recordBatch.size() == InteractionRecorder.BATCH_SIZE) {
                    records.write(recordBatch);
                    written += recordBatch.size();
                    recordBatch.clear();
                }
                if (stateBatch.size() >= AgentStateRecorder.BATCH_SIZE) {
                    // Changes of one agent stay in time order: the batch is sorted before it goes.
                    stateBatch.sort(Comparator.comparing(AgentStateRecord::at));
                    states.write(stateBatch);
                    states0 += stateBatch.size();
                    stateBatch.clear();
                }
            }
            System.out.printf("day %d of %d written: %d records, %d agent-state changes, %.0f s%n", day + 1, days,
                    written + recordBatch.size(), states0 + stateBatch.size(), (System.nanoTime() - t0) / 1e9);
        }
        records.write(recordBatch);
        written += recordBatch.size();
        stateBatch.sort(Comparator.comparing(AgentStateRecord::at));
        states.write(stateBatch);
        states0 += stateBatch.size();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("written: %d interaction records and %d agent-state changes in %.1f s (%.0f records/s"
                + " with their aggregates)%n", written, states0, seconds, written / seconds);
    }

    /** One call's record; an answered call's agent-state changes go to {@code states}. */
    private static InteractionRecord call(SplittableRandom r, String id, long start, long[] freeAt,
                                          List<AgentStateRecord> states) {
        String number = "555" + (1_000_000 + r.nextInt(600_000));
        String queue = QUEUES.get(r.nextInt(QUEUES.size()));
        Instant started = Instant.ofEpochMilli(start);
        int kind = r.nextInt(100);
        if (kind < 8) {
            InteractionOutcome o = kind < 4 ? InteractionOutcome.SELF_SERVICE : kind < 7
                    ? InteractionOutcome.ABANDONED_IN_IVR : InteractionOutcome.TRANSFERRED;
            return new InteractionRecord(id, number, "main", List.of("welcome", "menu"), "menu", null, null, started,
                    null, null, started.plusSeconds(40), null, null, o);
        }
        Instant enqueued = started.plusSeconds(10 + r.nextInt(20));
        double wait = Math.min(600, -Math.log(1 - r.nextDouble()) * 25);
        if (kind < 22) {
            InteractionOutcome o = kind < 20 ? InteractionOutcome.ABANDONED_IN_QUEUE
                    : InteractionOutcome.CALLBACK_REQUESTED;
            Instant left = enqueued.plusMillis((long) (wait * 1000));
            return new InteractionRecord(id, number, "main", List.of("welcome", "menu", "queue"), "queue", queue,
                    null, started, enqueued, null, left, wait, null, o);
        }
        // Answered: the agent free longest in the queue's share of agents takes it when free.
        int q = QUEUES.indexOf(queue);
        int best = q;
        for (int a = q; a < AGENTS; a += QUEUES.size()) {
            if (freeAt[a] < freeAt[best]) {
                best = a;
            }
        }
        long previousReady = freeAt[best];
        long answeredAt = Math.max(enqueued.toEpochMilli() + (long) (wait * 1000), previousReady);
        wait = (answeredAt - enqueued.toEpochMilli()) / 1000.0;
        long talk = (long) (-Math.log(1 - r.nextDouble()) * 180_000);
        long hold = r.nextInt(5) == 0 ? 20_000 : 0;
        long ended = answeredAt + talk + hold;
        long ready = ended + 15_000;
        freeAt[best] = ready;
        String agent = agent(best);
        String run = id + "-s";
        states.add(state(run + 1, agent, AgentActivity.RINGING, id, queue, enqueued,
                Math.max(previousReady, answeredAt - 2_000)));
        states.add(state(run + 2, agent, AgentActivity.ON_CALL, id, queue, enqueued, answeredAt));
        if (hold > 0) {
            states.add(state(run + 3, agent, AgentActivity.ON_HOLD, id, queue, enqueued, answeredAt + talk / 2));
            states.add(state(run + 4, agent, AgentActivity.ON_CALL, id, queue, enqueued, answeredAt + talk / 2
                    + hold));
        }
        states.add(state(run + 5, agent, AgentActivity.WRAP_UP, id, queue, enqueued, ended));
        states.add(state(run + 6, agent, AgentActivity.READY, null, null, null, ready));
        Map<String, Integer> survey = r.nextInt(3) == 0 ? Map.of("csat", 1 + r.nextInt(5), "nps", r.nextInt(11))
                : Map.of();
        return new InteractionRecord(id, number, "main", List.of("welcome", "menu", "queue", "queue=connected"),
                "bye", queue, agent, started, enqueued, Instant.ofEpochMilli(answeredAt), Instant.ofEpochMilli(ended),
                wait, talk / 1000.0, InteractionOutcome.ANSWERED, survey, null);
    }

    private static AgentStateRecord state(String id, String agent, AgentActivity a, String call, String queue,
                                          Instant enqueued, long at) {
        return new AgentStateRecord(id, agent, a, AgentStateCause.SYSTEM, null, call, queue, enqueued,
                Instant.ofEpochMilli(at));
    }

    /**
     * Times a one-day report in quarter hours, every day in days, and every day in quarter hours for one queue (a
     * month of a queue's charts); true when their calls add up to the records written.
     */
    private boolean timeReports(Database db, ConfigurationSnapshot config) throws Exception {
        Instant end = FIRST_DAY.plus(Duration.ofDays(days));
        IntervalReport reports = new IntervalReport(db.dataSource(), Clock.fixed(end.plus(Duration.ofDays(4)),
                ZoneOffset.UTC));
        ReportRequest oneDay = new ReportRequest(FIRST_DAY, FIRST_DAY.plus(Duration.ofDays(1)),
                ReportInterval.QUARTER_HOUR, ZoneId.of("UTC"), null, null);
        ReportRequest all = new ReportRequest(FIRST_DAY, end, ReportInterval.DAY,
                ZoneId.of("UTC"), null, null);
        ReportRequest allQuarters = new ReportRequest(FIRST_DAY, end,
                ReportInterval.QUARTER_HOUR, ZoneId.of("UTC"), "sales", null);
        boolean exact = true;
        for (ReportRequest request : List.of(oneDay, all, allQuarters)) {
            double[] ms = new double[rounds];
            Report report = null;
            int bytes = 0;
            for (int i = 0; i < rounds; i++) {
                long t = System.nanoTime();
                report = reports.run(request, config);
                bytes = ReportFormat.json(report).length();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            long calls = request.queue() == null ? report.calls().stream().mapToLong(Report.CallRow::calls).sum()
                    : report.queues().stream().mapToLong(Report.QueueRow::offered).sum();
            long expected = count(db, request);
            exact &= calls == expected;
            System.out.printf("report %s to %s in %s%s: %d queue rows, %d agent rows, %d calls (%s), JSON %d kB;"
                            + " %d runs: min %.0f ms, median %.0f ms, max %.0f ms%n", request.from(), request.to(),
                    request.interval().label(), request.queue() == null ? "" : " for " + request.queue(),
                    report.queues().size(), report.agents().size(), calls,
                    calls == expected ? "= the records" : "RECORDS: " + expected, bytes / 1024, rounds, ms[0],
                    ms[rounds / 2], ms[rounds - 1]);
        }
        System.out.println(exact ? "every report adds up to the records written" : "REPORTS DO NOT ADD UP");
        return exact;
    }

    private static long count(Database db, ReportRequest request) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                request.queue() == null
                        ? "SELECT count(*) FROM interaction WHERE flow IS DISTINCT FROM 'callback' AND started_at >= ?"
                                + " AND started_at < ?"
                        : "SELECT count(*) FROM interaction WHERE flow IS DISTINCT FROM 'callback' AND enqueued_at >= ?"
                                + " AND enqueued_at < ? AND queue = ?")) {
            ps.setTimestamp(1, Timestamp.from(request.from()));
            ps.setTimestamp(2, Timestamp.from(request.to()));
            if (request.queue() != null) {
                ps.setString(3, request.queue());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
