package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.KpiSettings;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.acdserver.gateway.store.AgentStateRecord;
import org.acdserver.gateway.store.AgentStateSink;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.IntervalAggregation;
import org.acdserver.gateway.store.JdbcRecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interval aggregates on a real PostgreSQL, against an oracle: two days of random records (every outcome, waits
 * on the thresholds, surveys, callback legs, repeat callers) and random agent-state sequences are written through
 * the real sinks in random batches, some replayed whole and some holding a record twice, in an order that is not
 * the calls' order. Then every aggregate row must equal what this test computes from the same records by itself,
 * and reports in hours and days must add the quarter hours up.
 */
class IntervalAggregatesIT {

    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(3);
    private static final Map<String, ServiceLevelTarget> TARGETS = Map.of(
            "sales", new ServiceLevelTarget(80, 20, 5), "support", new ServiceLevelTarget(90, 30, 0));
    private static final List<String> AGENTS = List.of("ann", "bob", "cy");

    private static Database db;
    private static final List<InteractionRecord> records = new ArrayList<>();
    private static final List<AgentStateRecord> changes = new ArrayList<>();
    private static ConfigurationSnapshot config;

    @BeforeAll
    static void writeTwoRandomDays() throws Exception {
        db = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
        config = ConfigurationSnapshot.builder(new RoutingConfiguration(
                        List.of(new QueueDefinition("sales", 15, 0), new QueueDefinition("support", 15, 0)),
                        List.of(new AgentDefinition("ann", "PJSIP/ann", List.of("sales")),
                                new AgentDefinition("bob", "PJSIP/bob", List.of("sales", "support")),
                                new AgentDefinition("cy", "PJSIP/cy", List.of("support")))))
                .serviceLevels(TARGETS).kpi(new KpiSettings(ZoneId.of("Europe/Berlin"), WINDOW)).build();
        Random random = new Random(20260302);
        for (int i = 0; i < 3_000; i++) {
            records.add(randomRecord(random, i));
        }
        JdbcRecordSink sink = new JdbcRecordSink(db.dataSource(),
                new IntervalAggregation(() -> KpiConfiguration.rules(config)));
        List<InteractionRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        writeInRandomBatches(shuffled, random, batch -> sink.write(batch));

        for (String agent : AGENTS) {
            changes.addAll(randomHistory(random, agent));
        }
        // One agent's changes in order (as the routing thread makes them); agents interleaved.
        changes.sort((a, b) -> a.at().compareTo(b.at()));
        AgentStateSink agentSink = new AgentStateSink(db.dataSource());
        writeInRandomBatches(changes, random, agentSink::write);

        // Calls transferred from the desktop, last and with their own seed, so that the records and history above
        // stay what they were.
        Random transfers = new Random(20260303);
        List<InteractionRecord> transferred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            transferred.addAll(transferredCall(transfers, i));
        }
        records.addAll(transferred);
        writeInRandomBatches(transferred, transfers, batch -> sink.write(batch));
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private interface BatchWrite<R> {
        void write(List<R> batch) throws Exception;
    }

    /** Random batch sizes; every fifth batch is written twice, every seventh holds its first record twice. */
    private static <R> void writeInRandomBatches(List<R> all, Random random, BatchWrite<R> sink) throws Exception {
        int i = 0;
        int n = 0;
        while (i < all.size()) {
            int size = 1 + random.nextInt(400);
            List<R> batch = new ArrayList<>(all.subList(i, Math.min(all.size(), i + size)));
            if (++n % 7 == 0) {
                batch.add(batch.get(0));
            }
            sink.write(batch);
            if (n % 5 == 0) {
                sink.write(batch);
            }
            i += size;
        }
    }

    /**
     * A call an agent of sales answered and transferred to support from the desktop: the transferred leg and the
     * leg that followed (answered or abandoned there), linked by {@code transferred_from}.
     */
    private static List<InteractionRecord> transferredCall(Random r, int i) {
        Instant start = DAY.plusMillis((long) (r.nextDouble() * 2 * 86_400_000));
        String number = "555" + (1000 + r.nextInt(60));
        Instant enqueued = start.plusSeconds(10);
        double wait = r.nextInt(600) / 10.0;
        Instant answered = enqueued.plusMillis((long) (wait * 1000));
        Instant transferred = answered.plusSeconds(40);
        InteractionRecord first = new InteractionRecord("xfer-" + i, number, "main", List.of("menu"), "menu", "sales",
                "ann", start, enqueued, answered, transferred, wait, 40.0, InteractionOutcome.TRANSFERRED, Map.of(),
                "support", 0.0, null);
        double wait2 = r.nextInt(600) / 10.0;
        boolean taken = r.nextBoolean();
        Instant waitEnd = transferred.plusMillis((long) (wait2 * 1000));
        InteractionRecord second = new InteractionRecord("xfer-" + i + ".t1", number, "main", List.of("menu"), "menu",
                "support", taken ? "cy" : null, transferred, transferred, taken ? waitEnd : null,
                waitEnd.plusSeconds(30), wait2, taken ? 30.0 : null,
                taken ? InteractionOutcome.ANSWERED : InteractionOutcome.ABANDONED_IN_QUEUE, Map.of(), null,
                taken ? 0.0 : null, "xfer-" + i);
        return List.of(first, second);
    }

    private static InteractionRecord randomRecord(Random r, int i) {
        Instant start = DAY.plusMillis((long) (r.nextDouble() * 2 * 86_400_000));
        String number = r.nextInt(20) == 0 ? null : "555" + (1000 + r.nextInt(60));
        int kind = r.nextInt(12);
        if (kind == 0) {
            return new InteractionRecord("ivr-" + i, number, "main", List.of("welcome"), "welcome", null, null, start,
                    null, null, start.plusSeconds(20), null, null, r.nextBoolean() ? InteractionOutcome.SELF_SERVICE
                    : r.nextBoolean() ? InteractionOutcome.ABANDONED_IN_IVR : InteractionOutcome.TRANSFERRED);
        }
        String queue = r.nextInt(10) == 0 ? "other" : r.nextBoolean() ? "sales" : "support";
        Instant enqueued = start.plusSeconds(5 + r.nextInt(30));
        double wait = switch (r.nextInt(8)) {
            case 0 -> 5.0;
            case 1 -> 20.0;
            case 2 -> 30.0;
            default -> r.nextInt(1200) / 10.0;
        };
        Instant waitEnd = enqueued.plusMillis((long) (wait * 1000));
        if (kind == 1) {
            boolean completed = r.nextBoolean();
            String step = completed ? "connected" : r.nextBoolean() ? "failed" : "retry";
            return new InteractionRecord("leg-" + i, number, "callback", List.of(), step, queue, "bob",
                    start.plusSeconds(600), enqueued, completed ? waitEnd : null, waitEnd.plusSeconds(60), wait,
                    completed ? 55.0 : null, completed ? InteractionOutcome.ANSWERED : InteractionOutcome.FAILED);
        }
        InteractionOutcome outcome = switch (r.nextInt(6)) {
            case 0, 1, 2 -> InteractionOutcome.ANSWERED;
            case 3 -> InteractionOutcome.ABANDONED_IN_QUEUE;
            case 4 -> InteractionOutcome.CALLBACK_REQUESTED;
            default -> r.nextBoolean() ? InteractionOutcome.NO_AGENT : InteractionOutcome.FAILED;
        };
        boolean answered = outcome == InteractionOutcome.ANSWERED;
        Map<String, Integer> survey = new HashMap<>();
        if (answered && r.nextBoolean()) {
            survey.put("csat", 1 + r.nextInt(5));
            survey.put("nps", r.nextInt(11));
            if (r.nextBoolean()) {
                survey.put("ces", 1 + r.nextInt(5));
            }
        }
        return new InteractionRecord("call-" + i, number, r.nextBoolean() ? "main" : "care", List.of("menu"), "menu",
                queue, answered ? "ann" : null, start, enqueued, answered ? waitEnd : null, waitEnd.plusSeconds(90),
                wait, answered ? 88.5 : null, outcome, survey, null);
    }

    private static List<AgentStateRecord> randomHistory(Random r, String agent) {
        List<AgentStateRecord> out = new ArrayList<>();
        Instant t = DAY.plusSeconds(r.nextInt(3600));
        AgentActivity[] states = AgentActivity.values();
        int call = 0;
        String callId = null;
        Instant enqueued = null;
        String queue = null;
        while (t.isBefore(DAY.plus(Duration.ofDays(2)))) {
            AgentActivity a = states[r.nextInt(states.length)];
            boolean onCall = a == AgentActivity.RINGING || a == AgentActivity.ON_CALL || a == AgentActivity.ON_HOLD
                    || a == AgentActivity.WRAP_UP;
            if (onCall && (callId == null || r.nextInt(3) == 0)) {
                callId = agent + "-call-" + call++;
                queue = r.nextBoolean() ? "sales" : "support";
                enqueued = t.minusSeconds(r.nextInt(900));
            }
            AgentStateCause cause = a == AgentActivity.NOT_READY && r.nextBoolean() ? AgentStateCause.RING_NO_ANSWER
                    : AgentStateCause.SYSTEM;
            out.add(new AgentStateRecord(agent + "-" + out.size(), agent, a, cause,
                    a == AgentActivity.NOT_READY ? (r.nextBoolean() ? "lunch" : "break") : null,
                    onCall ? callId : null, onCall ? queue : null, onCall ? enqueued : null, t));
            t = t.plusMillis(r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(2_400_000));
        }
        return out;
    }

    private static Instant quarter(Instant at) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), 900_000) * 900_000);
    }

    @Test
    void queueAggregatesEqualWhatTheRecordsSay() throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        for (InteractionRecord rec : records) {
            if (rec.queue() == null) {
                continue;
            }
            ServiceLevelTarget t = TARGETS.getOrDefault(rec.queue(), ServiceLevelTarget.DEFAULT);
            long[] e = expected.computeIfAbsent(rec.queue() + " " + quarter(rec.enqueuedAt()), k -> new long[12]);
            boolean leg = "callback".equals(rec.flow());
            double wait = rec.waitSeconds();
            // A leg answered and then transferred from the desktop counts in its queue as answered.
            InteractionOutcome o = rec.outcome() == InteractionOutcome.TRANSFERRED && rec.answeredAt() != null
                    ? InteractionOutcome.ANSWERED : rec.outcome();
            if (!leg) {
                e[0]++;
                if (o == InteractionOutcome.ANSWERED) {
                    e[1]++;
                    e[2] += wait <= t.seconds() ? 1 : 0;
                }
                if (o == InteractionOutcome.ABANDONED_IN_QUEUE) {
                    e[wait < t.shortAbandonSeconds() ? 4 : 3]++;
                }
                e[5] += o == InteractionOutcome.CALLBACK_REQUESTED ? 1 : 0;
            } else {
                e[7] += o == InteractionOutcome.ANSWERED ? 1 : 0;
                e[8] += o == InteractionOutcome.FAILED && "failed".equals(rec.lastStep()) ? 1 : 0;
            }
            e[6] += o == InteractionOutcome.ANSWERED ? 1 : 0;
            // An FCR contact is the call's last leg, so not a transferred one.
            if (rec.outcome() == InteractionOutcome.ANSWERED && rec.callerNumber() != null) {
                e[9]++;
                boolean repeated = records.stream().anyMatch(y -> rec.callerNumber().equals(y.callerNumber())
                        && !"callback".equals(y.flow()) && y.startedAt().isAfter(rec.startedAt())
                        && !y.startedAt().isAfter(rec.startedAt().plus(WINDOW)));
                e[10] += repeated ? 1 : 0;
            }
            e[11] += rec.survey().containsKey("nps") && rec.survey().get("nps") <= 6 ? 1 : 0;
        }
        Map<String, long[]> actual = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT queue, interval_start, offered, answered, answered_in_target,"
                     + " abandoned, short_abandoned, callbacks_requested, handled, callbacks_completed,"
                     + " callbacks_failed, fcr_contacts, fcr_repeated, nps_detractors FROM queue_interval")) {
            while (rs.next()) {
                long[] a = new long[12];
                for (int i = 0; i < 12; i++) {
                    a[i] = rs.getLong(i + 3);
                }
                actual.put(rs.getString(1) + " " + rs.getTimestamp(2).toInstant(), a);
            }
        }
        assertThat(actual.keySet()).containsAll(expected.keySet());
        expected.forEach((k, e) -> assertThat(actual.get(k)).as(k).containsExactly(e));
        assertThat(expected.values().stream().mapToLong(e -> e[10]).sum()).as("repeat callers were exercised")
                .isGreaterThan(50);
    }

    @Test
    void callAggregatesCountEveryInboundCallOnce() throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        for (InteractionRecord rec : records) {
            if ("callback".equals(rec.flow())) {
                continue;
            }
            long[] e = expected.computeIfAbsent(rec.flow() + " " + quarter(rec.startedAt()), k -> new long[4]);
            // The leg a transfer started is the same call.
            e[0] += rec.transferredFrom() == null ? 1 : 0;
            e[1] += rec.outcome() == InteractionOutcome.SELF_SERVICE ? 1 : 0;
            e[2] += rec.outcome() == InteractionOutcome.ABANDONED_IN_IVR ? 1 : 0;
            e[3] += rec.outcome() == InteractionOutcome.TRANSFERRED ? 1 : 0;
        }
        Map<String, long[]> actual = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT flow, interval_start, calls, self_service, abandoned_in_ivr,"
                     + " transferred FROM call_interval")) {
            while (rs.next()) {
                actual.put(rs.getString(1) + " " + rs.getTimestamp(2).toInstant(),
                        new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, e) -> assertThat(actual.get(k)).as(k).containsExactly(e));
    }

    @Test
    void agentTimeInEachStateIsTheHistorySplitAtQuarterHours() throws Exception {
        List<AgentActivity> columns = List.of(AgentActivity.READY, AgentActivity.NOT_READY, AgentActivity.RINGING,
                AgentActivity.ON_CALL, AgentActivity.ON_HOLD, AgentActivity.WRAP_UP, AgentActivity.UNAVAILABLE);
        // Per agent and quarter: seconds per state column, then calls answered, then missed offers.
        Map<String, double[]> expected = new TreeMap<>();
        Map<String, double[]> expectedReasons = new TreeMap<>();
        Map<String, double[]> expectedQueue = new TreeMap<>();
        Map<String, AgentStateRecord> last = new HashMap<>();
        for (AgentStateRecord r : changes) {
            AgentStateRecord before = last.put(r.agent(), r);
            String at = r.agent() + " " + quarter(r.at());
            boolean answered = r.activity() == AgentActivity.ON_CALL
                    && (before == null || before.activity() != AgentActivity.ON_HOLD);
            if (answered || r.cause() == AgentStateCause.RING_NO_ANSWER) {
                double[] e = expected.computeIfAbsent(at, k -> new double[columns.size() + 2]);
                e[columns.size()] += answered ? 1 : 0;
                e[columns.size() + 1] += r.cause() == AgentStateCause.RING_NO_ANSWER ? 1 : 0;
            }
            if (r.activity() == AgentActivity.NOT_READY) {
                expectedReasons.computeIfAbsent(at + " " + r.reason(), k -> new double[2])[1]++;
            }
            if (before == null || !r.at().isAfter(before.at())) {
                continue;
            }
            int column = columns.indexOf(before.activity());
            for (long ms = before.at().toEpochMilli(); column >= 0 && ms < r.at().toEpochMilli(); ) {
                long q = Math.floorDiv(ms, 900_000) * 900_000;
                long end = Math.min(r.at().toEpochMilli(), q + 900_000);
                String key = before.agent() + " " + Instant.ofEpochMilli(q);
                expected.computeIfAbsent(key, k -> new double[columns.size() + 2])[column] += (end - ms) / 1000.0;
                if (before.activity() == AgentActivity.NOT_READY) {
                    expectedReasons.computeIfAbsent(key + " " + before.reason(), k -> new double[2])[0]
                            += (end - ms) / 1000.0;
                }
                ms = end;
            }
            int part = switch (before.activity()) {
                case ON_CALL -> 0;
                case ON_HOLD -> 1;
                case WRAP_UP -> 2;
                default -> -1;
            };
            if (part >= 0) {
                expectedQueue.computeIfAbsent(before.queue() + " " + quarter(before.callEnqueuedAt()),
                        k -> new double[3])[part] += Duration.between(before.at(), r.at()).toMillis() / 1000.0;
            }
        }
        Map<String, double[]> actual = new TreeMap<>();
        Map<String, double[]> actualReasons = new TreeMap<>();
        Map<String, double[]> actualQueue = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT agent, interval_start, ready_seconds, not_ready_seconds,"
                    + " ringing_seconds, talk_seconds, hold_seconds, wrap_up_seconds, unavailable_seconds,"
                    + " calls_answered, missed_offers FROM agent_interval")) {
                while (rs.next()) {
                    double[] a = new double[columns.size() + 2];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = rs.getDouble(3 + i);
                    }
                    actual.put(rs.getString(1) + " " + rs.getTimestamp(2).toInstant(), a);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT agent, interval_start, reason, seconds, entries"
                    + " FROM agent_reason_interval")) {
                while (rs.next()) {
                    actualReasons.put(rs.getString(1) + " " + rs.getTimestamp(2).toInstant() + " "
                            + rs.getString(3), new double[] {rs.getDouble(4), rs.getInt(5)});
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT queue, interval_start, talk_seconds, hold_seconds,"
                    + " wrap_up_seconds FROM queue_interval WHERE talk_seconds + hold_seconds + wrap_up_seconds > 0")) {
                while (rs.next()) {
                    actualQueue.put(rs.getString(1) + " " + rs.getTimestamp(2).toInstant(),
                            new double[] {rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)});
                }
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, e) -> assertThat(actual.get(k)).as(k).containsExactly(e, within(1e-6)));
        assertThat(actualReasons.keySet()).isEqualTo(expectedReasons.keySet());
        expectedReasons.forEach((k, e) -> assertThat(actualReasons.get(k)).as(k).containsExactly(e, within(1e-6)));
        assertThat(actualQueue.keySet()).isEqualTo(expectedQueue.keySet());
        expectedQueue.forEach((k, e) -> assertThat(actualQueue.get(k)).as(k).containsExactly(e, within(1e-6)));
    }

    @Test
    void reportsInHoursAndDaysAddTheQuarterHoursUpInTheZone() throws Exception {
        Instant now = DAY.plus(Duration.ofDays(3));
        IntervalReport reports = new IntervalReport(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Report quarters = reports.run(ReportRequest.parse("2026-03-02", "2026-03-03", "15m", berlin, null, null),
                config);
        Report day = reports.run(ReportRequest.parse("2026-03-02", "2026-03-03", "1d", berlin, null, null), config);
        Report hours = reports.run(ReportRequest.parse("2026-03-02", "2026-03-03", "1h", berlin, "sales", null),
                config);
        assertThat(day.queues()).extracting(Report.QueueRow::start).containsOnly(
                Instant.parse("2026-03-01T23:00:00Z"));
        for (Report.QueueRow d : day.queues()) {
            List<Report.QueueRow> parts = quarters.queues().stream().filter(q -> q.queue().equals(d.queue())).toList();
            assertThat(d.offered()).isEqualTo(parts.stream().mapToLong(Report.QueueRow::offered).sum());
            assertThat(d.answeredInTarget()).isEqualTo(parts.stream().mapToLong(Report.QueueRow::answeredInTarget)
                    .sum());
            assertThat(d.fcrContacts()).isEqualTo(parts.stream().mapToLong(Report.QueueRow::fcrContacts).sum());
            long expectedOffered = records.stream().filter(r -> d.queue().equals(r.queue())
                    && !"callback".equals(r.flow()) && !r.enqueuedAt().isBefore(d.start())
                    && r.enqueuedAt().isBefore(d.end())).count();
            assertThat(d.offered()).as(d.queue()).isEqualTo(expectedOffered);
        }
        // An hour without a call has no row.
        assertThat(hours.queues()).hasSizeBetween(20, 24).extracting(Report.QueueRow::queue).containsOnly("sales");
        assertThat(hours.queues()).allSatisfy(h -> assertThat(h.start().atZone(berlin).getMinute()).isZero());
        assertThat(hours.queues().stream().mapToLong(Report.QueueRow::offered).sum()).isEqualTo(day.queues()
                .stream().filter(q -> q.queue().equals("sales")).mapToLong(Report.QueueRow::offered).sum());
        for (Report.AgentRow a : day.agents()) {
            double parts = quarters.agents().stream().filter(q -> q.agent().equals(a.agent()))
                    .mapToDouble(Report.AgentRow::loggedInSeconds).sum();
            assertThat(a.loggedInSeconds()).isCloseTo(parts, within(1e-3));
            assertThat(a.loggedInSeconds()).isLessThanOrEqualTo(86_400 + 1e-3);
        }
        Report.QueueRow sales = day.queues().stream().filter(q -> q.queue().equals("sales")).findFirst()
                .orElseThrow();
        // ann serves sales and bob sales and support: their signed-in time over the day's length.
        double staffed = day.agents().stream().filter(a -> a.agent().equals("ann") || a.agent().equals("bob"))
                .mapToDouble(Report.AgentRow::loggedInSeconds).sum() / 86_400;
        assertThat(sales.staffedAgents()).isCloseTo(staffed, within(1e-9));
        assertThat(sales.advisedAgents()).isNotNull();
    }

    @Test
    void anAgentsCurrentStateCountsUpToNowAndNoFurther() throws Exception {
        AgentStateRecord lastOfAnn = changes.stream().filter(c -> c.agent().equals("ann"))
                .reduce((a, b) -> b).orElseThrow();
        Instant now = lastOfAnn.at().plusSeconds(100);
        Instant from = quarter(lastOfAnn.at());
        IntervalReport reports = new IntervalReport(db.dataSource(), Clock.fixed(now, ZoneOffset.UTC));
        Report r = reports.run(new ReportRequest(from, from.plus(Duration.ofHours(6)), ReportInterval.QUARTER_HOUR,
                ZoneId.of("UTC"), null, "ann"), config);
        double inState = r.agents().stream().mapToDouble(a -> switch (lastOfAnn.activity()) {
            case READY -> a.readySeconds();
            case NOT_READY -> a.notReadySeconds();
            case RINGING -> a.ringingSeconds();
            case ON_CALL -> a.talkSeconds();
            case ON_HOLD -> a.holdSeconds();
            case WRAP_UP -> a.wrapUpSeconds();
            case UNAVAILABLE -> a.unavailableSeconds();
            case LOGGED_IN, LOGGED_OUT -> 100;
        }).sum();
        assertThat(r.agents()).allMatch(a -> a.agent().equals("ann"));
        assertThat(r.queues()).isEmpty();
        assertThat(inState).isGreaterThanOrEqualTo(lastOfAnn.activity() == AgentActivity.LOGGED_OUT ? 0 : 100);
        assertThat(r.agents().stream().mapToDouble(Report.AgentRow::loggedInSeconds).sum())
                .isLessThanOrEqualTo(Duration.between(from, now).toSeconds() + 1e-3);
    }
}
