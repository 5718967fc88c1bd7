package org.acdserver.gateway.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.acdserver.gateway.standby.Fence;

/**
 * Callbacks in PostgreSQL. Every state change is one conditional statement, so that two servers, or a server and
 * its restarted self, cannot both act on one callback: a dial of the customer is claimed by moving the row from
 * {@code reserving} to {@code dialing}, and only the statement that moved it may dial.
 *
 * <p>Exactly once across a crash: the claim is committed before the dial, and the dial is started by a dialplan
 * subroutine whose first step writes a witness into Asterisk's own database (AstDB). A row found {@code dialing} at
 * a start is therefore settled by asking Asterisk, never by guessing: a witness for the claiming agent leg means
 * the dial started ({@link #dialedBeforeRestart}, never dialed again); no witness means it never started
 * ({@link #dialNeverStarted}, back in line, dialed once). See {@link DialWitness}.
 *
 * <p>Blocking: call it on virtual threads or another executor, never on an event loop or the routing thread.
 */
public final class CallbackStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = "('pending', 'reserving', 'dialing')";
    private static final String COLUMNS = "id, original_call_id, queue, number, state, attempts, outcome,"
            + " merged_requests, agent, leg_call_id, requested_at, not_before, connected_at, ended_at";

    private final DataSource dataSource;
    private final Fence fence;

    public CallbackStore(DataSource dataSource) {
        this(dataSource, Fence.NONE);
    }

    /**
     * A store whose routing-affecting writes (requests, reservations, dial claims) are fenced by the routing lease:
     * a server that lost it stores no request, reserves no agent and claims no dial.
     */
    public CallbackStore(DataSource dataSource, Fence fence) {
        this.dataSource = dataSource;
        this.fence = fence;
    }

    /**
     * What a request became.
     *
     * @param id     the callback that will call back: the new one, or the pending one it was merged into
     * @param merged whether an open callback for the same number and queue took it
     */
    public record Accepted(String id, boolean merged) {
    }

    /**
     * Commits a request; a request for a number that already has an open callback in the queue is merged into
     * that one. When this returns, the request survives any crash.
     */
    public Accepted request(CallbackTicket t) throws SQLException {
        String fenced = fence.condition(fence.token());
        try (Connection c = dataSource.getConnection()) {
            // Twice at most: the open callback a merge aimed at may finish between the two statements.
            for (int round = 0; round < 2; round++) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO callback (id, original_call_id,"
                        + " queue, number, priority, skills, enqueued_at, requested_at, not_before, customer_data,"
                        + " state) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending' WHERE " + fenced
                        + " ON CONFLICT (queue, number) WHERE state IN " + OPEN + " DO NOTHING RETURNING id")) {
                    insert.setString(1, t.id());
                    insert.setString(2, t.originalCallId());
                    insert.setString(3, t.queue());
                    insert.setString(4, t.number());
                    insert.setInt(5, t.priority());
                    insert.setString(6, json(t.skills()));
                    insert.setTimestamp(7, Timestamp.from(t.enqueuedAt()));
                    insert.setTimestamp(8, Timestamp.from(t.requestedAt()));
                    insert.setTimestamp(9, t.notBefore() == null ? null : Timestamp.from(t.notBefore()));
                    insert.setString(10, text(t.customerData()));
                    try (ResultSet rs = insert.executeQuery()) {
                        if (rs.next()) {
                            return new Accepted(rs.getString(1), false);
                        }
                    }
                }
                try (PreparedStatement merge = c.prepareStatement("UPDATE callback SET merged_requests ="
                        + " merged_requests + 1 WHERE queue = ? AND number = ? AND state IN " + OPEN + " AND "
                        + fenced + " RETURNING id")) {
                    merge.setString(1, t.queue());
                    merge.setString(2, t.number());
                    try (ResultSet rs = merge.executeQuery()) {
                        if (rs.next()) {
                            return new Accepted(rs.getString(1), true);
                        }
                    }
                }
            }
        }
        throw new SQLException("callback for " + t.number() + " in queue " + t.queue()
                + " was neither inserted nor merged" + (fence == Fence.NONE ? ""
                : " (or this server no longer holds the routing lease)"));
    }

    /** An agent is reserved for it: pending to reserving. False if it is no longer pending (cancelled, say). */
    public boolean reserve(String id, String agent) throws SQLException {
        return update("UPDATE callback SET state = 'reserving', agent = ? WHERE id = ? AND state = 'pending' AND "
                + fence.condition(fence.token()), agent, id) == 1;
    }

    /**
     * Takes over, for {@code agent}, a reservation this server left behind: a row still {@code reserving} whose
     * release could not be stored (the database was away when its agent leg ended). The routing core, which owns the
     * callback, offers it to one agent at a time, so a callback it offers again is reserved by nobody else. The
     * customer dial stays exactly once: only {@link #claimDial} moves a row to dialing. False if the callback is not
     * {@code reserving}.
     */
    public boolean takeOver(String id, String agent) throws SQLException {
        return update("UPDATE callback SET agent = ? WHERE id = ? AND state = 'reserving'", agent, id) == 1;
    }

    /**
     * The reservation ends without a dial for a reason that is not the agent's (the database or the manager link
     * was away): the callback waits again, its last outcome unchanged.
     */
    public void released(String id) throws SQLException {
        update("UPDATE callback SET state = 'pending', agent = NULL WHERE id = ? AND state = 'reserving'", id);
    }

    /** The reserved agent answered but hung up during the whisper: the callback waits again for another agent. */
    public void declined(String id) throws SQLException {
        update("UPDATE callback SET state = 'pending', outcome = 'agent_declined', agent = NULL"
                + " WHERE id = ? AND state = 'reserving'", id);
    }

    /**
     * Claims one dial of the customer: reserving to dialing, counting the attempt. Only a caller that gets an
     * attempt number back may dial; empty means someone else did, or the callback was reset meanwhile.
     */
    public OptionalInt claimDial(String id, String legCallId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE callback SET state = 'dialing', attempts = attempts"
                     + " + 1, claimed_at = now(), leg_call_id = ? WHERE id = ? AND state = 'reserving' AND "
                     + fence.condition(fence.token()) + " RETURNING attempts")) {
            s.setString(1, legCallId);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** The reserved agent did not answer: the callback waits again; the customer was not dialed. */
    public void agentMissed(String id) throws SQLException {
        update("UPDATE callback SET state = 'pending', outcome = 'agent_no_answer', agent = NULL"
                + " WHERE id = ? AND state = 'reserving'", id);
    }

    /** The customer answered and is talking to the agent. */
    public void connected(String id, Instant at) throws SQLException {
        update("UPDATE callback SET outcome = 'connected', connected_at = ? WHERE id = ? AND state = 'dialing'",
                Timestamp.from(at), id);
    }

    /** The conversation ended. */
    public void completed(String id, Instant at) throws SQLException {
        update("UPDATE callback SET state = 'completed', ended_at = ? WHERE id = ? AND state = 'dialing'",
                Timestamp.from(at), id);
    }

    /**
     * The customer could not be reached: pending again from {@code retryAt}, or failed for good when it is null.
     */
    public void attemptFailed(String id, String outcome, Instant retryAt, Instant at) throws SQLException {
        if (retryAt == null) {
            update("UPDATE callback SET state = 'failed', outcome = ?, ended_at = ? WHERE id = ? AND state = 'dialing'",
                    outcome, Timestamp.from(at), id);
        } else {
            update("UPDATE callback SET state = 'pending', outcome = ?, not_before = ?, agent = NULL"
                    + " WHERE id = ? AND state = 'dialing'", outcome, Timestamp.from(retryAt), id);
        }
    }

    /** Cancels a pending callback; false if it is not pending (being dialed, or over). */
    public boolean cancel(String id) throws SQLException {
        return update("UPDATE callback SET state = 'cancelled', outcome = 'cancelled', ended_at = now()"
                + " WHERE id = ? AND state = 'pending'", id) == 1;
    }

    /** Moves a pending callback to a new time (null: as soon as possible); false if it is not pending. */
    public boolean reschedule(String id, Instant notBefore) throws SQLException {
        return update("UPDATE callback SET not_before = ? WHERE id = ? AND state = 'pending'",
                notBefore == null ? null : Timestamp.from(notBefore), id) == 1;
    }

    /**
     * After a start: a callback whose agent leg was ringing goes back to pending (its customer was never dialed).
     * Callbacks whose customer dial was claimed stay {@code dialing} until {@link DialWitness} has asked Asterisk
     * whether that dial started (see {@link #claimedDials}). Returns the pending callbacks, in their order in line.
     */
    public List<CallbackTicket> recover() throws SQLException {
        update("UPDATE callback SET state = 'pending', agent = NULL WHERE state = 'reserving'");
        List<CallbackTicket> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, original_call_id, queue, number, priority, skills,"
                     + " enqueued_at, requested_at, not_before, customer_data FROM callback WHERE state = 'pending'"
                     + " ORDER BY enqueued_at, requested_at, id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                pending.add(new CallbackTicket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), skills(rs.getString(6)), rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant(), instant(rs.getTimestamp(9)), data(rs.getString(10))));
            }
        }
        return pending;
    }

    /**
     * A claimed customer dial: the callback and the agent leg it was claimed for.
     *
     * @param id        the callback
     * @param legCallId the unique id of the agent leg that claimed the dial, which its witness holds
     */
    public record ClaimedDial(String id, String legCallId) {
    }

    /** The callbacks whose customer dial is claimed ({@code dialing}); at a start, those a crash left in flight. */
    public List<ClaimedDial> claimedDials() throws SQLException {
        List<ClaimedDial> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, leg_call_id FROM callback WHERE state = 'dialing'"
                     + " ORDER BY enqueued_at, requested_at, id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new ClaimedDial(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /**
     * Asterisk witnessed that a claimed dial started before the server stopped: its outcome is unknown, so it ends
     * failed as {@code dialed_before_restart} and is never dialed again. False if it was not {@code dialing}.
     */
    public boolean dialedBeforeRestart(String id) throws SQLException {
        return update("UPDATE callback SET state = 'failed', outcome = 'dialed_before_restart', ended_at = now()"
                + " WHERE id = ? AND state = 'dialing'", id) == 1;
    }

    /**
     * A claimed dial never started (no witness): the callback is pending again, the attempt it claimed not counted.
     * Returns it to put back in line; empty if it was not {@code dialing}.
     */
    public Optional<CallbackTicket> dialNeverStarted(String id) throws SQLException {
        if (update("UPDATE callback SET state = 'pending', attempts = greatest(attempts - 1, 0), agent = NULL,"
                + " claimed_at = NULL WHERE id = ? AND state = 'dialing'", id) != 1) {
            return Optional.empty();
        }
        return ticket(id);
    }

    public Optional<CallbackView> find(String id) throws SQLException {
        List<CallbackView> found = views("SELECT " + COLUMNS + " FROM callback WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /**
     * Callbacks asked for in {@code [since, until)} (either may be null), newest first, at most {@code limit}: of the
     * given queues (null for all) and in one state (null for any).
     */
    public List<CallbackView> list(List<String> queues, String state, Instant since, Instant until, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM callback WHERE true");
        List<Object> args = new ArrayList<>();
        if (queues != null) {
            sql.append(" AND queue = ANY (?)");
            args.add(queues.toArray(String[]::new));
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        if (since != null) {
            sql.append(" AND requested_at >= ?");
            args.add(Timestamp.from(since));
        }
        if (until != null) {
            sql.append(" AND requested_at < ?");
            args.add(Timestamp.from(until));
        }
        sql.append(" ORDER BY requested_at DESC, id LIMIT ?");
        args.add(limit);
        List<CallbackView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof String[] texts) {
                    s.setArray(i + 1, c.createArrayOf("text", texts));
                } else {
                    s.setObject(i + 1, args.get(i));
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
        }
        return out;
    }

    /** Every callback asked for by this original call or for this number, oldest first. */
    public List<CallbackView> forNumber(String number) throws SQLException {
        return views("SELECT " + COLUMNS + " FROM callback WHERE number = ? ORDER BY requested_at, id", number);
    }

    /** The number to call and its queue, for the agent leg. */
    public Optional<CallbackTicket> ticket(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, original_call_id, queue, number, priority, skills,"
                     + " enqueued_at, requested_at, not_before, customer_data FROM callback WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CallbackTicket(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), skills(rs.getString(6)), rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant(), instant(rs.getTimestamp(9)), data(rs.getString(10))));
            }
        }
    }

    private List<CallbackView> views(String sql, String arg) throws SQLException {
        List<CallbackView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
        }
        return out;
    }

    private static CallbackView view(ResultSet rs) throws SQLException {
        return new CallbackView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)));
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String json(Map<String, Integer> skills) {
        try {
            return JSON.writeValueAsString(skills);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("skills cannot be written: " + skills, e);
        }
    }

    private static Map<String, Integer> skills(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored skills are not JSON: " + json, e);
        }
    }

    private static String text(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("customer data cannot be written", e);
        }
    }

    /** Customer data in its stored order. */
    private static Map<String, String> data(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored customer data is not JSON: " + json, e);
        }
    }
}
