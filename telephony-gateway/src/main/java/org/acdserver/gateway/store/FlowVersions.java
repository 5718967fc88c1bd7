package org.acdserver.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.acdserver.flow.Flow;

/**
 * The audit of flow activations in {@code flow_version}: each time a flow's content becomes active, its version
 * number, content hash, who activated it and when. Activating unchanged content records nothing. Blocking: call it
 * off the event loops (activation runs on the administrator's request thread).
 */
public final class FlowVersions {

    /** One activation. */
    public record Activation(String flow, int version, String contentHash, String activatedBy, Instant activatedAt) {
    }

    private final DataSource dataSource;

    public FlowVersions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** SHA-256 of the flow file's text, in hex. */
    public static String hash(Flow flow) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(flow.text().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the flows whose content differs from their latest activation; returns those recorded. */
    public List<Activation> activated(Iterable<Flow> flows, String who) throws SQLException {
        List<Activation> recorded = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Flow f : flows) {
                    String hash = hash(f);
                    int latest = 0;
                    String latestHash = null;
                    try (PreparedStatement ps = c.prepareStatement("SELECT version, content_hash FROM flow_version"
                            + " WHERE flow = ? ORDER BY version DESC LIMIT 1 FOR UPDATE")) {
                        ps.setString(1, f.name());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                latest = rs.getInt(1);
                                latestHash = rs.getString(2);
                            }
                        }
                    }
                    if (hash.equals(latestHash)) {
                        continue;
                    }
                    Instant now = Instant.now();
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO flow_version (flow, version,"
                            + " content_hash, content, activated_by, activated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, f.name());
                        ps.setInt(2, latest + 1);
                        ps.setString(3, hash);
                        ps.setString(4, f.text());
                        ps.setString(5, who);
                        ps.setTimestamp(6, Timestamp.from(now));
                        ps.executeUpdate();
                    }
                    recorded.add(new Activation(f.name(), latest + 1, hash, who, now));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return recorded;
    }

    /** Every activation of a flow, oldest first. */
    public List<Activation> history(String flow) throws SQLException {
        List<Activation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT flow, version, content_hash, activated_by, activated_at FROM flow_version WHERE flow = ?"
                        + " ORDER BY version")) {
            ps.setString(1, flow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Activation(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return out;
    }
}
