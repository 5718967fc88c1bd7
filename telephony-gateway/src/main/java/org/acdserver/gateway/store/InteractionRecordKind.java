package org.acdserver.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interaction records as a {@link RecordKind}: keyed by call id, spooled as JSON with named fields (times as ISO-8601
 * instants, the outcome as stored in the table), so that a spool written by one version is read by the next.
 */
public final class InteractionRecordKind implements RecordKind<InteractionRecord> {

    /** The one instance; it holds no state. */
    public static final InteractionRecordKind INSTANCE = new InteractionRecordKind();

    private static final ObjectMapper JSON = new ObjectMapper();

    private InteractionRecordKind() {
    }

    @Override
    public String name() {
        return "interaction";
    }

    @Override
    public String key(InteractionRecord r) {
        return r.callId();
    }

    @Override
    public String encode(InteractionRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("callId", r.callId());
        n.put("callerNumber", r.callerNumber());
        n.put("flow", r.flow());
        ArrayNode path = n.putArray("ivrPath");
        r.ivrPath().forEach(path::add);
        n.put("lastStep", r.lastStep());
        n.put("queue", r.queue());
        n.put("agent", r.agent());
        putInstant(n, "startedAt", r.startedAt());
        putInstant(n, "enqueuedAt", r.enqueuedAt());
        putInstant(n, "answeredAt", r.answeredAt());
        putInstant(n, "endedAt", r.endedAt());
        n.put("waitSeconds", r.waitSeconds());
        n.put("talkSeconds", r.talkSeconds());
        n.put("outcome", r.outcome() == null ? null : r.outcome().dbValue());
        ObjectNode survey = n.putObject("survey");
        r.survey().forEach(survey::put);
        n.put("transferredTo", r.transferredTo());
        n.put("holdSeconds", r.holdSeconds());
        n.put("transferredFrom", r.transferredFrom());
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the record of call " + r.callId(), e);
        }
    }

    @Override
    public InteractionRecord decode(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<String> path = new ArrayList<>();
        n.path("ivrPath").forEach(p -> path.add(p.asText()));
        Map<String, Integer> survey = new LinkedHashMap<>();
        n.path("survey").fields().forEachRemaining(e -> survey.put(e.getKey(), e.getValue().asInt()));
        String outcome = text(n, "outcome");
        if (outcome != null && Arrays.stream(InteractionOutcome.values())
                .noneMatch(o -> o.dbValue().equals(outcome))) {
            throw new IOException("unknown outcome '" + outcome + "'");
        }
        try {
            return new InteractionRecord(text(n, "callId"), text(n, "callerNumber"), text(n, "flow"), path,
                    text(n, "lastStep"), text(n, "queue"), text(n, "agent"), instant(n, "startedAt"),
                    instant(n, "enqueuedAt"), instant(n, "answeredAt"), instant(n, "endedAt"),
                    number(n, "waitSeconds"), number(n, "talkSeconds"),
                    outcome == null ? null : InteractionOutcome.fromDb(outcome), survey, text(n, "transferredTo"),
                    number(n, "holdSeconds"), text(n, "transferredFrom"));
        } catch (RuntimeException e) {
            throw new IOException("bad interaction record: " + e.getMessage(), e);
        }
    }

    private static void putInstant(ObjectNode n, String field, Instant value) {
        n.put(field, value == null ? null : value.toString());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : Instant.parse(v);
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }
}
