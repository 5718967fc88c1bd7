package org.acdserver.gateway.standby;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.acdserver.core.RoutingCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each agent last chose (ready, not ready with a reason, signed out), stored so that a standby taking over
 * routing keeps every agent's state ({@code agent_presence}). Written off the caller's thread, fenced by the lease.
 */
public final class AgentPresence {

    /** An agent's choice. */
    public record Choice(String state, String reason) {
        static final String READY = "ready";
        static final String NOT_READY = "not_ready";
        static final String LOGGED_OUT = "logged_out";
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentPresence.class);

    private final DataSource dataSource;
    private final Fence fence;
    private final Executor jdbc;

    public AgentPresence(DataSource dataSource, Fence fence, Executor jdbc) {
        this.dataSource = dataSource;
        this.fence = fence;
        this.jdbc = jdbc;
    }

    public void ready(String agentId) {
        store(agentId, Choice.READY, null);
    }

    public void notReady(String agentId, String reason) {
        store(agentId, Choice.NOT_READY, reason);
    }

    public void loggedOut(String agentId) {
        store(agentId, Choice.LOGGED_OUT, null);
    }

    private void store(String agentId, String state, String reason) {
        jdbc.execute(() -> {
            long token = fence.token();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("INSERT INTO agent_presence (agent_id, state, reason,"
                         + " token, changed_at) SELECT ?, ?, ?, ?, now() WHERE " + fence.condition(token)
                         + " ON CONFLICT (agent_id) DO UPDATE SET state = EXCLUDED.state, reason = EXCLUDED.reason,"
                         + " token = EXCLUDED.token, changed_at = now()")) {
                s.setString(1, agentId);
                s.setString(2, state);
                s.setString(3, reason);
                s.setLong(4, token);
                if (s.executeUpdate() == 0) {
                    LOG.warn("agent {} is {} but that is not stored: this server no longer holds the routing lease",
                            agentId, state);
                }
            } catch (SQLException e) {
                LOG.error("agent {} is {} but that could not be stored: {}", agentId, state, e.toString());
            }
        });
    }

    /** Every stored choice, by agent. Blocking; for a takeover. */
    public Map<String, Choice> load() throws SQLException {
        Map<String, Choice> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT agent_id, state, reason FROM agent_presence"
                     + " ORDER BY agent_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Choice(rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** Gives the core every stored choice, as the agents made them. */
    public static void apply(Map<String, Choice> choices, RoutingCore core) {
        choices.forEach((agent, choice) -> {
            switch (choice.state()) {
                case Choice.READY -> core.agentReady(agent);
                case Choice.NOT_READY -> core.agentNotReady(agent, choice.reason() == null ? "break"
                        : choice.reason());
                case Choice.LOGGED_OUT -> core.agentLoggedOut(agent);
                default -> LOG.warn("agent {}: unknown stored state {}", agent, choice.state());
            }
        });
    }
}
