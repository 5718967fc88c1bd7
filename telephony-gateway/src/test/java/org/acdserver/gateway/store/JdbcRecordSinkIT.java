package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The COPY sink on a real PostgreSQL: every character and null survives, nothing is stored twice. */
class JdbcRecordSinkIT {

    private static Database db;
    private static JdbcRecordSink sink;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
        sink = new JdbcRecordSink(db.dataSource());
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE interaction");
        }
    }

    private static long count(String where) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM interaction " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void whatCopyStoresReadsBackTheSame() throws Exception {
        InteractionRecord awkward = new InteractionRecord("c\\1\t\"x\"", "555\n0001\r", "flöw ✓",
                List.of("tab\there", "quote\"d", "back\\slash", "new\nline", "{braces},comma", "NULL", ""),
                "\\N", "sales", null, Instant.parse("2026-01-05T10:00:00.123456Z"),
                Instant.parse("1999-12-31T23:59:59Z"), null, Instant.parse("2026-01-05T10:02:00.000001Z"), 0.1, null,
                InteractionOutcome.TRANSFERRED, Map.of("csat", 1, "nps", 0, "ces", 5), "Local/100@out\tside");
        InteractionRecord plain = Records.answered("c-2");
        InteractionRecord empty = new InteractionRecord("c-3", null, null, List.of(), null, null, null,
                Instant.parse("2026-01-05T10:00:00Z"), null, null, null, null, null,
                InteractionOutcome.ABANDONED_IN_IVR);
        sink.write(List.of(awkward, plain, empty));
        InteractionQueries q = new InteractionQueries(db.dataSource());
        assertThat(q.byCallId(awkward.callId())).contains(awkward);
        assertThat(q.byCallId("c-2")).contains(plain);
        assertThat(q.byCallId("c-3")).contains(empty);
    }

    @Test
    void aBatchWithRecordsStoredAlreadyStoresTheOthersOnce() throws Exception {
        List<InteractionRecord> first = IntStream.range(0, 100).mapToObj(i -> Records.answered("d-" + i)).toList();
        sink.write(first);
        List<InteractionRecord> replayed = new ArrayList<>(first.subList(50, 100));
        IntStream.range(100, 150).mapToObj(i -> Records.answered("d-" + i)).forEach(replayed::add);
        replayed.add(Records.answered("d-149"));
        sink.write(replayed);
        assertThat(count("")).isEqualTo(150);
        assertThat(count("WHERE call_id LIKE 'd-%'")).isEqualTo(150);
    }

    @Test
    void aRecordTheTableRefusesFailsItsBatchAsRefused() throws Exception {
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        InteractionRecord outOfRange = new InteractionRecord("bad-csat", null, "main", List.of(), null, null, null,
                t, null, null, t, null, null, InteractionOutcome.SELF_SERVICE, Map.of("csat", 9), null);
        assertThatThrownBy(() -> sink.write(List.of(Records.answered("ok-1"), outOfRange)))
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(WriteFailure.of(e)).isEqualTo(WriteFailure.REJECTED));
        assertThat(count("")).as("the batch is written whole or not at all").isZero();
    }

    @Test
    void theRecorderSetsARefusedRecordAsideAndStoresTheRest() throws Exception {
        Path spool = Files.createTempDirectory("acd-spool");
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        try (InteractionRecorder recorder = new InteractionRecorder(db.dataSource(), spool)) {
            for (int i = 0; i < 300; i++) {
                recorder.record(i == 123 ? new InteractionRecord("r-123", null, "main", List.of(), null, null, null,
                        t, null, null, t, null, null, InteractionOutcome.SELF_SERVICE, Map.of("nps", 11), null)
                        : Records.answered("r-" + i));
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.pending() == 0);
            assertThat(recorder.dropped()).isEqualTo(1);
        }
        assertThat(count("")).isEqualTo(299);
        assertThat(count("WHERE call_id = 'r-123'")).isZero();
        assertThat(Files.readString(spool.resolve("interaction.rejected"))).contains("\"callId\":\"r-123\"")
                .contains("interaction_nps_check");
    }
}
