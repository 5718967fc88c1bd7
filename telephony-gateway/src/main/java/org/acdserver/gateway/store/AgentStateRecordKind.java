package org.acdserver.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;

/**
 * Agent-state changes as a {@link RecordKind}: keyed by their event id, spooled as JSON with named fields (times as
 * ISO-8601 instants, the activity and cause as stored in the table).
 */
public final class AgentStateRecordKind implements RecordKind<AgentStateRecord> {

    /** The one instance; it holds no state. */
    public static final AgentStateRecordKind INSTANCE = new AgentStateRecordKind();

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentStateRecordKind() {
    }

    @Override
    public String name() {
        return "agent-state";
    }

    @Override
    public String key(AgentStateRecord r) {
        return r.eventId();
    }

    @Override
    public String encode(AgentStateRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("eventId", r.eventId());
        n.put("agent", r.agent());
        n.put("state", r.activity().dbValue());
        n.put("cause", r.cause().dbValue());
        n.put("reason", r.reason());
        n.put("callId", r.callId());
        n.put("queue", r.queue());
        n.put("callEnqueuedAt", r.callEnqueuedAt() == null ? null : r.callEnqueuedAt().toString());
        n.put("at", r.at().toString());
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode agent-state change " + r.eventId(), e);
        }
    }

    @Override
    public AgentStateRecord decode(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        try {
            String enqueued = text(n, "callEnqueuedAt");
            return new AgentStateRecord(text(n, "eventId"), text(n, "agent"), AgentActivity.fromDb(text(n, "state")),
                    AgentStateCause.fromDb(text(n, "cause")), text(n, "reason"), text(n, "callId"), text(n, "queue"),
                    enqueued == null ? null : Instant.parse(enqueued), Instant.parse(text(n, "at")));
        } catch (RuntimeException e) {
            throw new IOException("bad agent-state change: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
