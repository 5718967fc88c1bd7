package org.acdserver.gateway.admin;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * The stored text of a flow's activated versions ({@code flow_version}, written by every activation), and unified
 * diffs between two of them. Blocking: called on a worker thread.
 */
public final class FlowHistory {

    private static final int CONTEXT_LINES = 3;

    private final DataSource dataSource;

    public FlowHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The text of one version.
     *
     * @throws NoSuchElementException naming the flow and version when there is no such version
     */
    public String text(String flow, int version) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT content FROM flow_version WHERE flow = ? AND version = ?")) {
            ps.setString(1, flow);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new NoSuchElementException("flow " + flow + " has no stored version " + version);
                }
                return rs.getString(1);
            }
        }
    }

    /** A unified diff from version {@code from} to version {@code to}; empty when their texts are the same. */
    public String diff(String flow, int from, int to) throws SQLException {
        return unified(flow + " v" + from, text(flow, from), flow + " v" + to, text(flow, to));
    }

    /** A unified diff of two texts, with three lines of context. */
    static String unified(String fromName, String fromText, String toName, String toText) {
        List<String> a = fromText.lines().toList();
        List<String> b = toText.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, DiffUtils.diff(a, b),
                CONTEXT_LINES);
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
