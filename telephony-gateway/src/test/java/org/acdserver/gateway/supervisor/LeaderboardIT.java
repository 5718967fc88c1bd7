package org.acdserver.gateway.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leaderboard's queries on a real PostgreSQL: handle time from the agent-state history (talk, hold and wrap-up
 * with a call of the queue, each state until the agent's next one or until now), CSAT from the day's records.
 */
class LeaderboardIT {

    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static Database db;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
        try (Connection c = db.dataSource().getConnection()) {
            // Amy: a sales call of 100 s talk, 20 s hold, 30 s wrap-up; then a support call of 60 s talk.
            state(c, "amy", "ready", null, null, "08:00:00");
            state(c, "amy", "on_call", "c1", "sales", "09:00:00");
            state(c, "amy", "on_hold", "c1", "sales", "09:01:40");
            state(c, "amy", "on_call", "c1", "sales", "09:02:00");
            state(c, "amy", "wrap_up", "c1", "sales", "09:02:00");
            state(c, "amy", "ready", null, null, "09:02:30");
            state(c, "amy", "on_call", "c2", "support", "10:00:00");
            state(c, "amy", "ready", null, null, "10:01:00");
            // Bob: two sales calls of 40 s each, the second still in wrap-up (until "now", 11:00:10).
            state(c, "bob", "on_call", "c3", "sales", "09:30:00");
            state(c, "bob", "ready", null, null, "09:30:40");
            state(c, "bob", "on_call", "c4", "sales", "10:59:30");
            state(c, "bob", "wrap_up", "c4", "sales", "11:00:00");
            // Yesterday's call counts for nobody today.
            state(c, "bob", "on_call", "c0", "sales", "-01:00:00");
            state(c, "bob", "ready", null, null, "-00:59:00");
            // Carol's call runs over midnight: its 30 s of talk and 30 s of wrap-up after midnight count today.
            state(c, "carol", "on_call", "c5", "sales", "-00:00:30");
            state(c, "carol", "wrap_up", "c5", "sales", "00:00:30");
            state(c, "carol", "ready", null, null, "00:01:00");
            record(c, "c1", "sales", "amy", 5, "09:00:00");
            record(c, "c3", "sales", "bob", 4, "09:30:00");
            record(c, "c4", "sales", "bob", 1, "10:59:30");
            record(c, "c2", "support", "amy", null, "10:00:00");
        }
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static Instant at(String time) {
        return time.startsWith("-") ? DAY.minusSeconds(LocalTime.parse(time.substring(1)).toSecondOfDay())
                : Instant.parse("2026-03-02T" + time + "Z");
    }

    private static void state(Connection c, String agent, String state, String call, String queue, String time)
            throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO agent_state (event_id, agent, state, cause,"
                + " call_id, queue, at) VALUES (?, ?, ?, 'system', ?, ?, ?)")) {
            s.setString(1, agent + "-" + state + "-" + time + "-" + call);
            s.setString(2, agent);
            s.setString(3, state);
            s.setString(4, call);
            s.setString(5, queue);
            s.setTimestamp(6, Timestamp.from(at(time)));
            s.executeUpdate();
        }
    }

    private static void record(Connection c, String call, String queue, String agent, Integer csat, String time)
            throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO interaction (call_id, queue, agent, started_at,"
                + " enqueued_at, outcome, csat) VALUES (?, ?, ?, ?, ?, 'answered', ?)")) {
            s.setString(1, call);
            s.setString(2, queue);
            s.setString(3, agent);
            s.setTimestamp(4, Timestamp.from(at(time)));
            s.setTimestamp(5, Timestamp.from(at(time)));
            s.setObject(6, csat);
            s.executeUpdate();
        }
    }

    @Test
    void handleTimeComesFromTheStatesOfTheQueuesCallsAndCsatFromTheirRecords() throws Exception {
        Map<String, List<Leaderboard.Line>> day = new Leaderboard(db.dataSource())
                .day(DAY, DAY.plusSeconds(86_400), at("11:00:10"));
        assertThat(day.get("sales")).containsExactly(
                new Leaderboard.Line("sales", "bob", 2, 40 + 30 + 10, 2.5, 2),
                new Leaderboard.Line("sales", "amy", 1, 150, 5.0, 1),
                new Leaderboard.Line("sales", "carol", 1, 60, null, 0));
        assertThat(day.get("sales").get(0).ahtSeconds()).isCloseTo(40.0, within(1e-9));
        assertThat(day.get("support")).containsExactly(new Leaderboard.Line("support", "amy", 1, 60, null, 0));
    }
}
