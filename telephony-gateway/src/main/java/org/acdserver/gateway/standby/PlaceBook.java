package org.acdserver.gateway.standby;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acdserver.core.CallPlace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each waiting call's place ({@code waiting_place}) so that a standby can put its caller back there: written
 * when the call joins a queue and whenever its place changes, deleted when an agent answers or the call leaves.
 *
 * <p>Writes never make routing wait: the routing thread hands each change over and one writer thread applies them
 * in batches, a change per call (the latest wins: a call that joined and left before the batch costs nothing). Every
 * statement carries the {@link Fence}, so a server that lost the lease writes nothing. A batch the database refuses
 * is tried again with the changes that arrived meanwhile, for as long as the server runs; a lost place only means
 * that its caller, should the server die, starts the flow again on the standby instead of going back in line.
 *
 * <p>Besides the core's places it keeps the flow step that queued each call (handed over by the call itself before
 * it joins the queue), so that a returning caller goes on at that step.
 */
public final class PlaceBook implements WaitingPlaces, AutoCloseable {

    /** A stored place and the flow step that queued the call. */
    public record StoredPlace(CallPlace place, String step, long token) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlaceBook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a release leaves in the pending changes: delete the row. */
    private static final Object DELETE = new Object();

    private final DataSource dataSource;
    private final Fence fence;
    private final Map<String, String> steps = new ConcurrentHashMap<>();
    /** Call id to its latest change (a {@link CallPlace} or {@link #DELETE}), in arrival order; guarded by itself. */
    private final LinkedHashMap<String, Object> pending = new LinkedHashMap<>();
    private final Thread writer;
    private volatile boolean closed;
    private volatile long written;
    private volatile long fenced;

    public PlaceBook(DataSource dataSource, Fence fence) {
        this.dataSource = dataSource;
        this.fence = fence;
        this.writer = Thread.ofPlatform().daemon().name("acd-places").start(this::run);
    }

    @Override
    public void entering(String callId, String step) {
        if (step != null && !step.isEmpty()) {
            steps.put(callId, step);
        }
    }

    /** Stored soon. */
    @Override
    public void placed(CallPlace place) {
        change(place.callId(), place);
    }

    /** Deleted soon. */
    @Override
    public void released(String callId) {
        steps.remove(callId);
        change(callId, DELETE);
    }

    /** Places written, and writes the fence turned away (rows of a server that lost the lease). */
    public long written() {
        return written;
    }

    public long fenced() {
        return fenced;
    }

    private void change(String callId, Object what) {
        synchronized (pending) {
            pending.remove(callId);
            pending.put(callId, what);
            pending.notifyAll();
        }
    }

    /**
     * Every stored place, in line order: by the token of the server that wrote it, then its arrival order there.
     * Blocking; for a takeover.
     */
    public List<StoredPlace> load() throws SQLException {
        List<StoredPlace> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT call_id, queue, priority, enqueued_at, sequence,"
                     + " required_skills, own_skills, escalation_steps, history, step, token FROM waiting_place"
                     + " ORDER BY token, sequence");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                CallPlace p = new CallPlace(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant().toEpochMilli(), rs.getLong(5), skills(rs.getString(6)),
                        skills(rs.getString(7)), rs.getInt(8), list(rs.getString(9)));
                out.add(new StoredPlace(p, rs.getString(10), rs.getLong(11)));
            }
        }
        return out;
    }

    /** Deletes stored places whatever server wrote them, fenced by this server's lease; for a takeover. */
    public void forget(List<String> callIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM waiting_place WHERE call_id = ? AND "
                     + fence.condition(fence.token()))) {
            for (String id : callIds) {
                s.setString(1, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void run() {
        Map<String, Object> batch = new LinkedHashMap<>();
        long backoff = 50;
        while (!closed || !batch.isEmpty()) {
            synchronized (pending) {
                while (pending.isEmpty() && batch.isEmpty() && !closed) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // Newer changes replace the ones of a batch that failed.
                pending.forEach((id, what) -> {
                    batch.remove(id);
                    batch.put(id, what);
                });
                pending.clear();
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                write(batch);
                batch.clear();
                backoff = 50;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("{} waiting places not stored ({}); trying again", batch.size(), e.toString());
                if (closed) {
                    return;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 2_000);
            }
        }
    }

    private void write(Map<String, Object> batch) throws SQLException {
        long token = fence.token();
        String condition = fence.condition(token);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO waiting_place (call_id, queue, priority,"
                    + " enqueued_at, sequence, required_skills, own_skills, escalation_steps, history, step, token,"
                    + " stored_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() WHERE " + condition
                    + " ON CONFLICT (call_id) DO UPDATE SET queue = EXCLUDED.queue, priority = EXCLUDED.priority,"
                    + " enqueued_at = EXCLUDED.enqueued_at, sequence = EXCLUDED.sequence, required_skills ="
                    + " EXCLUDED.required_skills, own_skills = EXCLUDED.own_skills, escalation_steps ="
                    + " EXCLUDED.escalation_steps, history = EXCLUDED.history, step = CASE WHEN EXCLUDED.step = ''"
                    + " THEN waiting_place.step ELSE EXCLUDED.step END, token = EXCLUDED.token, stored_at = now()");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM waiting_place WHERE call_id = ? AND "
                         + condition)) {
                int upserts = 0;
                int deletes = 0;
                for (Map.Entry<String, Object> e : batch.entrySet()) {
                    if (e.getValue() instanceof CallPlace p) {
                        upsert.setString(1, p.callId());
                        upsert.setString(2, p.queue());
                        upsert.setInt(3, p.priority());
                        upsert.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(p.enqueuedAtMillis())));
                        upsert.setLong(5, p.sequence());
                        upsert.setString(6, json(p.requiredSkills()));
                        upsert.setString(7, json(p.ownSkills()));
                        upsert.setInt(8, p.escalationSteps());
                        upsert.setString(9, json(p.history()));
                        upsert.setString(10, steps.getOrDefault(p.callId(), ""));
                        upsert.setLong(11, token);
                        upsert.addBatch();
                        upserts++;
                    } else {
                        delete.setString(1, e.getKey());
                        delete.addBatch();
                        deletes++;
                    }
                }
                int stored = upserts == 0 ? 0 : sum(upsert.executeBatch());
                if (deletes > 0) {
                    delete.executeBatch();
                }
                c.commit();
                written += stored;
                if (stored < upserts) {
                    fenced += upserts - stored;
                    LOG.warn("{} waiting places not stored: this server no longer holds the routing lease",
                            upserts - stored);
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += Math.max(c, 0);
        }
        return n;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value, e);
        }
    }

    private static Map<String, Integer> skills(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored skills are not JSON: " + json, e);
        }
    }

    private static List<String> list(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored queue history is not JSON: " + json, e);
        }
    }

    /** Writes what is in hand (for up to two seconds), then stops. */
    @Override
    public void close() {
        closed = true;
        synchronized (pending) {
            pending.notifyAll();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
