package org.acdserver.gateway.spy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where supervisors' phones and every spy are kept: {@link SpyStore} in PostgreSQL, a fake in unit tests. Blocking;
 * called on the JDBC executor only.
 */
public interface SpyRecords {

    /** The phone a user listens on, if one is set. */
    Optional<String> phone(String username) throws SQLException;

    /** Sets the phone a user listens on; false when there is no such user. */
    boolean setPhone(String username, String endpoint) throws SQLException;

    /** Stores a spy as asked, before the supervisor's phone rings; returns its id. */
    long open(String supervisor, String agentId, String callId, String agentChannel, String phone, SpyMode mode,
              Instant requestedAt) throws SQLException;

    /** The supervisor's phone joined the agent's channel. */
    void joined(long id, Instant at) throws SQLException;

    /** The mode was switched during the spy. */
    void modeChanged(long id, SpyMode mode, String by, Instant at) throws SQLException;

    /** The spy ended, after {@code durationMillis} on the call (0 when it never joined). */
    void ended(long id, Instant at, long durationMillis, String reason) throws SQLException;

    /** The spies asked since an instant, newest first, with their mode changes. */
    List<SpyRow> since(Instant since, int limit) throws SQLException;
}
