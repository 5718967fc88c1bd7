package org.acdserver.gateway.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.JdbcRecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller's timeline read from a real PostgreSQL: their contacts only, newest first, with the wrap-up, the survey
 * scores and the callback each asked for; the current call left out; pages that follow on without gaps or repeats;
 * and the reads served by indexes.
 */
class CustomerTimelineIT {

    private static final String NUMBER = "5550142";
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static Database database;
    private static CustomerTimeline timeline;

    @BeforeAll
    static void start() throws Exception {
        database = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
        timeline = new CustomerTimeline(database.dataSource());
        new JdbcRecordSink(database.dataSource()).write(List.of(
                record("t-1", NUMBER, T, "sales", "amy", InteractionOutcome.ANSWERED, Map.of("csat", 4, "nps", 9)),
                record("t-2", NUMBER, T.plusSeconds(3600), "support", null, InteractionOutcome.CALLBACK_REQUESTED,
                        Map.of()),
                record("t-3", "5550999", T.plusSeconds(4000), "sales", "bob", InteractionOutcome.ANSWERED, Map.of()),
                record("t-4", NUMBER, T.plusSeconds(7200), "sales", "bob", InteractionOutcome.ANSWERED, Map.of()),
                record("t-now", NUMBER, T.plusSeconds(9000), "sales", "amy", InteractionOutcome.ANSWERED, Map.of())));
        new WrapUpStore(database.dataSource()).store(new WrapUpStore.WrapUp("t-1", "amy", "follow-up",
                "wants the blue one"));
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO callback (id, original_call_id, queue, number, enqueued_at, requested_at,"
                    + " state, outcome, attempts) VALUES ('cb-1', 't-2', 'support', '5550143',"
                    + " '2026-03-02T10:00:00Z', '2026-03-02T10:01:00Z', 'completed', 'connected', 1)");
        }
    }

    private static InteractionRecord record(String callId, String number, Instant at, String queue, String agent,
                                            InteractionOutcome outcome, Map<String, Integer> survey) {
        return new InteractionRecord(callId, number, "main", List.of("welcome"), queue, queue, agent, at,
                at.plusSeconds(1), agent == null ? null : at.plusSeconds(5), at.plusSeconds(60), 4.0, 55.0, outcome,
                survey, null);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void theCallersEarlierContactsComeNewestFirstWithWrapUpSurveyAndCallback() throws Exception {
        TimelinePage page = timeline.page(NUMBER, "t-now", null, 10);
        assertThat(page.callerNumber()).isEqualTo(NUMBER);
        assertThat(page.entries()).extracting(TimelineEntry::callId).containsExactly("t-4", "t-2", "t-1");
        assertThat(page.nextBefore()).isNull();

        TimelineEntry first = page.entries().get(2);
        assertThat(first.startedAt()).isEqualTo(T.toEpochMilli());
        assertThat(first).extracting(TimelineEntry::queue, TimelineEntry::agent, TimelineEntry::outcome,
                TimelineEntry::wrapUpCode, TimelineEntry::note, TimelineEntry::csat, TimelineEntry::nps,
                TimelineEntry::ces).containsExactly("sales", "amy", "answered", "follow-up", "wants the blue one", 4,
                9, null);
        assertThat(first.callback()).isNull();

        TimelineEntry asked = page.entries().get(1);
        assertThat(asked.outcome()).isEqualTo("callback_requested");
        assertThat(asked.callback()).isEqualTo(new TimelineEntry.Callback(
                Instant.parse("2026-03-02T10:01:00Z").toEpochMilli(), "5550143", "completed", "connected"));
        assertThat(asked.note()).isNull();
    }

    @Test
    void pagesFollowOnWithoutGapsOrRepeatsAndAreBounded() throws Exception {
        List<String> seen = new ArrayList<>();
        TimelinePage page = timeline.page(NUMBER, "t-now", null, 2);
        assertThat(page.entries()).hasSize(2);
        assertThat(page.nextBefore()).isNotNull();
        page.entries().forEach(e -> seen.add(e.callId()));
        page = timeline.page(NUMBER, "t-now", page.nextBefore(), 2);
        page.entries().forEach(e -> seen.add(e.callId()));
        assertThat(page.nextBefore()).isNull();
        assertThat(seen).containsExactly("t-4", "t-2", "t-1");

        assertThat(timeline.page(NUMBER, "t-now", null, 0).entries()).hasSize(1);
        assertThat(timeline.page(NUMBER, "t-now", null, 1_000_000).entries()).hasSize(3);
        assertThat(timeline.page("5550000", "t-now", null, 10).entries()).isEmpty();
    }

    @Test
    void theReadsUseTheCallerAndCallbackIndexes() throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            // The tables are tiny, so the planner would scan them whatever the indexes; forbid that to see which
            // index each read can use.
            s.execute("SET enable_seqscan = off");
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT i.id, cb.state FROM interaction i"
                    + " LEFT JOIN LATERAL (SELECT c.state FROM callback c WHERE c.original_call_id = i.call_id"
                    + " ORDER BY c.requested_at DESC LIMIT 1) cb ON true"
                    + " WHERE i.caller_number = '" + NUMBER + "' ORDER BY i.started_at DESC, i.id DESC LIMIT 11")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("RESET enable_seqscan");
        }
        assertThat(plan.toString()).contains("interaction_caller_started_at").contains("callback_original_call");
    }
}
