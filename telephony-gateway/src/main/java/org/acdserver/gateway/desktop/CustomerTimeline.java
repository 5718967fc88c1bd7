package org.acdserver.gateway.desktop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A caller's earlier contacts from PostgreSQL, newest first and a page at a time: the interaction records of the
 * number with their wrap-ups, survey scores and the callback each asked for. Pages are keyed by the last record
 * shown (started_at, id), so a page costs an index range scan however long the history is
 * ({@code interaction_caller_started_at}, {@code callback_original_call}). Blocking: run it on the JDBC executor.
 */
public final class CustomerTimeline {

    /** The most contacts one page lists. */
    public static final int MAX_PAGE = 50;

    /** Where timelines are read: this store, or a fake in tests. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Contacts of {@code number} other than {@code currentCallId}, newest first, older than the record
         * {@code before} when that is not null, at most {@code limit}.
         */
        TimelinePage page(String number, String currentCallId, Long before, int limit) throws SQLException;
    }

    private static final String SELECT = "SELECT i.id, i.call_id, i.started_at, i.queue, i.agent, i.outcome,"
            + " i.transferred_to, w.code, w.note, i.csat, i.nps, i.ces,"
            + " cb.requested_at, cb.number, cb.state, cb.outcome"
            + " FROM interaction i"
            + " LEFT JOIN interaction_wrap_up w ON w.call_id = i.call_id"
            + " LEFT JOIN LATERAL (SELECT c.requested_at, c.number, c.state, c.outcome FROM callback c"
            + "   WHERE c.original_call_id = i.call_id ORDER BY c.requested_at DESC LIMIT 1) cb ON true"
            + " WHERE i.caller_number = ? AND i.call_id <> ?";
    private static final String ORDER = " ORDER BY i.started_at DESC, i.id DESC LIMIT ?";
    private static final String FIRST = SELECT + ORDER;
    private static final String AFTER = SELECT
            + " AND (i.started_at, i.id) < (SELECT b.started_at, b.id FROM interaction b WHERE b.id = ?)" + ORDER;

    private final DataSource dataSource;

    public CustomerTimeline(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** See {@link Reader#page}; {@code limit} is kept between 1 and {@link #MAX_PAGE}. */
    public TimelinePage page(String number, String currentCallId, Long before, int limit) throws SQLException {
        int size = Math.clamp(limit, 1, MAX_PAGE);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(before == null ? FIRST : AFTER)) {
            int i = 1;
            ps.setString(i++, number);
            ps.setString(i++, currentCallId == null ? "" : currentCallId);
            if (before != null) {
                ps.setLong(i++, before);
            }
            // One more than the page: whether an older page exists, without counting.
            ps.setInt(i, size + 1);
            List<TimelineEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
            if (entries.size() <= size) {
                return new TimelinePage(number, entries, null);
            }
            List<TimelineEntry> shown = entries.subList(0, size);
            return new TimelinePage(number, shown, shown.getLast().id());
        }
    }

    private static TimelineEntry read(ResultSet rs) throws SQLException {
        Timestamp requested = rs.getTimestamp(13);
        TimelineEntry.Callback callback = requested == null ? null : new TimelineEntry.Callback(
                requested.getTime(), rs.getString(14), rs.getString(15), rs.getString(16));
        return new TimelineEntry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).getTime(), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                integer(rs, 10), integer(rs, 11), integer(rs, 12), callback);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
