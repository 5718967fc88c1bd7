package org.acdserver.gateway.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the interval aggregates up to date as interaction records are stored, in the same transaction, so that each
 * record is counted exactly once and reports never read the records themselves:
 * <ul>
 *   <li>{@code queue_interval}, by queue and the quarter hour the call entered it: offered, answered (within the
 *       queue's T or not, with the waits), abandoned (short or not), callbacks, handled calls, first-contact
 *       contacts, survey answers;</li>
 *   <li>{@code call_interval}, by flow and the quarter hour the call started: every inbound call and how it
 *       ended;</li>
 *   <li>first-contact resolution: an answered contact is marked ({@code interaction.recontacted}) once a call from
 *       the same number started after it within the window, whichever of the two is stored first, and its quarter
 *       hour's {@code fcr_repeated} counts it.</li>
 * </ul>
 * Each is one set-based statement over the batch's new rows ({@code call_id = ANY(?)}), adding to existing rows with
 * {@code INSERT ... ON CONFLICT DO UPDATE}. Callback legs (flow {@code callback}) are not inbound calls: they count as
 * handled, completed or failed callbacks and as contacts, never as offered.
 */
public final class IntervalAggregation implements StoredInteractions {

    /** A timestamp's quarter hour, as an instant: quarter hours are the same in every zone in use. */
    static String bucket(String column) {
        return "date_bin('15 minutes', " + column + ", TIMESTAMPTZ '2000-01-01 00:00:00+00')";
    }

    private static final String QUEUES = "WITH k AS (SELECT * FROM unnest(?::text[], ?::int[], ?::int[])"
            + " AS k(queue, sl, short_abandon)),"
            + " b AS (SELECT i.queue, " + bucket("i.enqueued_at") + " AS bucket,"
            + " coalesce(i.flow = 'callback', false) AS leg,"
            // A leg an agent answered and then transferred from the desktop was answered in its queue.
            + " CASE WHEN i.outcome = 'transferred' AND i.answered_at IS NOT NULL THEN 'answered' ELSE i.outcome END"
            + " AS outcome, i.outcome AS recorded, i.last_step,"
            + " coalesce(i.wait_seconds, 0) AS wait, coalesce(k.sl, ?) AS sl, coalesce(k.short_abandon, ?) AS shrt,"
            + " coalesce(i.caller_number, '') <> '' AS numbered, i.csat, i.nps, i.ces"
            + " FROM interaction i LEFT JOIN k ON k.queue = i.queue"
            + " WHERE i.call_id = ANY(?) AND i.queue IS NOT NULL AND i.enqueued_at IS NOT NULL)"
            + " INSERT INTO queue_interval AS q (queue, interval_start, offered, answered, answered_in_target,"
            + " answered_wait_seconds, abandoned, abandoned_in_target, abandoned_wait_seconds, short_abandoned,"
            + " short_abandoned_wait_seconds, longest_wait_seconds, callbacks_requested, not_served, handled,"
            + " callbacks_completed, callbacks_failed, callback_attempts_failed, fcr_contacts, csat_count, csat_sum,"
            + " csat_top, nps_count, nps_promoters, nps_detractors, ces_count, ces_sum)"
            + " SELECT queue, bucket,"
            + " count(*) FILTER (WHERE NOT leg),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'answered'),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'answered' AND wait <= sl),"
            + " coalesce(sum(wait) FILTER (WHERE NOT leg AND outcome = 'answered'), 0),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'abandoned_in_queue' AND wait >= shrt),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'abandoned_in_queue' AND wait >= shrt AND wait <= sl),"
            + " coalesce(sum(wait) FILTER (WHERE NOT leg AND outcome = 'abandoned_in_queue' AND wait >= shrt), 0),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'abandoned_in_queue' AND wait < shrt),"
            + " coalesce(sum(wait) FILTER (WHERE NOT leg AND outcome = 'abandoned_in_queue' AND wait < shrt), 0),"
            + " coalesce(max(wait) FILTER (WHERE NOT leg), 0),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'callback_requested'),"
            + " count(*) FILTER (WHERE NOT leg AND outcome = 'no_agent'),"
            + " count(*) FILTER (WHERE outcome = 'answered'),"
            + " count(*) FILTER (WHERE leg AND outcome = 'answered'),"
            + " count(*) FILTER (WHERE leg AND outcome = 'failed' AND last_step = 'failed'),"
            + " count(*) FILTER (WHERE leg AND outcome = 'failed'),"
            // A contact for FCR is the call's last leg: a transferred leg is not one.
            + " count(*) FILTER (WHERE recorded = 'answered' AND numbered),"
            + " count(csat), coalesce(sum(csat), 0), count(*) FILTER (WHERE csat >= 4),"
            + " count(nps), count(*) FILTER (WHERE nps >= 9), count(*) FILTER (WHERE nps <= 6),"
            + " count(ces), coalesce(sum(ces), 0)"
            + " FROM b GROUP BY queue, bucket ORDER BY queue, bucket"
            + " ON CONFLICT (queue, interval_start) DO UPDATE SET"
            + " offered = q.offered + EXCLUDED.offered,"
            + " answered = q.answered + EXCLUDED.answered,"
            + " answered_in_target = q.answered_in_target + EXCLUDED.answered_in_target,"
            + " answered_wait_seconds = q.answered_wait_seconds + EXCLUDED.answered_wait_seconds,"
            + " abandoned = q.abandoned + EXCLUDED.abandoned,"
            + " abandoned_in_target = q.abandoned_in_target + EXCLUDED.abandoned_in_target,"
            + " abandoned_wait_seconds = q.abandoned_wait_seconds + EXCLUDED.abandoned_wait_seconds,"
            + " short_abandoned = q.short_abandoned + EXCLUDED.short_abandoned,"
            + " short_abandoned_wait_seconds = q.short_abandoned_wait_seconds + EXCLUDED.short_abandoned_wait_seconds,"
            + " longest_wait_seconds = greatest(q.longest_wait_seconds, EXCLUDED.longest_wait_seconds),"
            + " callbacks_requested = q.callbacks_requested + EXCLUDED.callbacks_requested,"
            + " not_served = q.not_served + EXCLUDED.not_served,"
            + " handled = q.handled + EXCLUDED.handled,"
            + " callbacks_completed = q.callbacks_completed + EXCLUDED.callbacks_completed,"
            + " callbacks_failed = q.callbacks_failed + EXCLUDED.callbacks_failed,"
            + " callback_attempts_failed = q.callback_attempts_failed + EXCLUDED.callback_attempts_failed,"
            + " fcr_contacts = q.fcr_contacts + EXCLUDED.fcr_contacts,"
            + " csat_count = q.csat_count + EXCLUDED.csat_count,"
            + " csat_sum = q.csat_sum + EXCLUDED.csat_sum,"
            + " csat_top = q.csat_top + EXCLUDED.csat_top,"
            + " nps_count = q.nps_count + EXCLUDED.nps_count,"
            + " nps_promoters = q.nps_promoters + EXCLUDED.nps_promoters,"
            + " nps_detractors = q.nps_detractors + EXCLUDED.nps_detractors,"
            + " ces_count = q.ces_count + EXCLUDED.ces_count,"
            + " ces_sum = q.ces_sum + EXCLUDED.ces_sum";

    private static final String CALLS = "INSERT INTO call_interval AS c (flow, interval_start, calls, self_service,"
            + " abandoned_in_ivr, queued, answered, abandoned_in_queue, callback_requested, no_agent, transferred,"
            + " failed)"
            // The leg a desktop transfer starts is the same call: calls and queued count the first leg only.
            + " SELECT coalesce(flow, ''), " + bucket("started_at") + ","
            + " count(*) FILTER (WHERE transferred_from IS NULL),"
            + " count(*) FILTER (WHERE outcome = 'self_service'),"
            + " count(*) FILTER (WHERE outcome = 'abandoned_in_ivr'),"
            + " count(*) FILTER (WHERE queue IS NOT NULL AND transferred_from IS NULL),"
            + " count(*) FILTER (WHERE outcome = 'answered'),"
            + " count(*) FILTER (WHERE outcome = 'abandoned_in_queue'),"
            + " count(*) FILTER (WHERE outcome = 'callback_requested'),"
            + " count(*) FILTER (WHERE outcome = 'no_agent'),"
            + " count(*) FILTER (WHERE outcome = 'transferred'),"
            + " count(*) FILTER (WHERE outcome = 'failed')"
            + " FROM interaction WHERE call_id = ANY(?) AND flow IS DISTINCT FROM 'callback'"
            + " GROUP BY 1, 2 ORDER BY 1, 2"
            + " ON CONFLICT (flow, interval_start) DO UPDATE SET"
            + " calls = c.calls + EXCLUDED.calls,"
            + " self_service = c.self_service + EXCLUDED.self_service,"
            + " abandoned_in_ivr = c.abandoned_in_ivr + EXCLUDED.abandoned_in_ivr,"
            + " queued = c.queued + EXCLUDED.queued,"
            + " answered = c.answered + EXCLUDED.answered,"
            + " abandoned_in_queue = c.abandoned_in_queue + EXCLUDED.abandoned_in_queue,"
            + " callback_requested = c.callback_requested + EXCLUDED.callback_requested,"
            + " no_agent = c.no_agent + EXCLUDED.no_agent,"
            + " transferred = c.transferred + EXCLUDED.transferred,"
            + " failed = c.failed + EXCLUDED.failed";

    /**
     * Marks the answered contacts that a call from the same number, started after them within the window, makes
     * repeats, where one of the two is new; counts them in their quarter hour. Driven by the batch's own rows, each
     * looking up its number's calls in the window through {@code interaction_caller_started_at} (earlier contacts a
     * new call repeats, and later calls that repeat a new contact), so its cost follows the batch, not the table: a
     * join on the number alone had the planner read every record (10 s per batch of 10,000 over 2.6 million).
     */
    private static final String REPEATS = "WITH fresh AS (SELECT call_id, caller_number, started_at, flow"
            + " FROM interaction WHERE call_id = ANY(?) AND coalesce(caller_number, '') <> ''),"
            + " candidate AS (SELECT a.call_id FROM fresh y JOIN interaction a ON a.caller_number = y.caller_number"
            + " AND a.started_at < y.started_at AND a.started_at >= y.started_at - ? * interval '1 second'"
            + " WHERE y.flow IS DISTINCT FROM 'callback'"
            + " UNION SELECT a.call_id FROM fresh a WHERE EXISTS (SELECT 1 FROM interaction y"
            + " WHERE y.caller_number = a.caller_number AND y.flow IS DISTINCT FROM 'callback'"
            + " AND y.started_at > a.started_at AND y.started_at <= a.started_at + ? * interval '1 second')),"
            + " marked AS (UPDATE interaction a SET recontacted = true FROM candidate"
            + " WHERE a.call_id = candidate.call_id AND NOT a.recontacted AND a.outcome = 'answered'"
            + " AND a.queue IS NOT NULL AND a.enqueued_at IS NOT NULL"
            + " RETURNING a.queue, " + bucket("a.enqueued_at") + " AS bucket)"
            + " INSERT INTO queue_interval AS q (queue, interval_start, fcr_repeated)"
            + " SELECT queue, bucket, count(*) FROM marked GROUP BY queue, bucket ORDER BY queue, bucket"
            + " ON CONFLICT (queue, interval_start) DO UPDATE SET"
            + " fcr_repeated = q.fcr_repeated + EXCLUDED.fcr_repeated";

    private final Supplier<IntervalRules> rules;

    /** @param rules the rules in force, read once per batch */
    public IntervalAggregation(Supplier<IntervalRules> rules) {
        this.rules = rules;
    }

    @Override
    public void stored(Connection c, List<InteractionRecord> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        IntervalRules r = rules.get();
        List<String> ids = new ArrayList<>(fresh.size());
        boolean numbered = false;
        for (InteractionRecord record : fresh) {
            ids.add(record.callId());
            numbered |= record.callerNumber() != null && !record.callerNumber().isEmpty();
        }
        Array callIds = c.createArrayOf("text", ids.toArray());
        List<String> queues = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Integer> shorts = new ArrayList<>();
        for (Map.Entry<String, IntervalRules.QueueRule> e : r.queues().entrySet()) {
            queues.add(e.getKey());
            levels.add(e.getValue().serviceLevelSeconds());
            shorts.add(e.getValue().shortAbandonSeconds());
        }
        try (PreparedStatement ps = c.prepareStatement(QUEUES)) {
            ps.setArray(1, c.createArrayOf("text", queues.toArray()));
            ps.setArray(2, c.createArrayOf("int4", levels.toArray()));
            ps.setArray(3, c.createArrayOf("int4", shorts.toArray()));
            ps.setInt(4, r.defaults().serviceLevelSeconds());
            ps.setInt(5, r.defaults().shortAbandonSeconds());
            ps.setArray(6, callIds);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(CALLS)) {
            ps.setArray(1, callIds);
            ps.executeUpdate();
        }
        if (numbered) {
            try (PreparedStatement ps = c.prepareStatement(REPEATS)) {
                ps.setArray(1, callIds);
                ps.setLong(2, r.fcrWindow().toSeconds());
                ps.setLong(3, r.fcrWindow().toSeconds());
                ps.executeUpdate();
            }
        }
    }
}
