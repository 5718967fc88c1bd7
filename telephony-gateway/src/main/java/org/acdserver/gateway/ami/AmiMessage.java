package org.acdserver.gateway.ami;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One manager message, an event or a response: its headers in wire order, keys compared without regard to case,
 * repeated keys kept (for example several {@code Variable} or {@code Output} lines). Immutable.
 */
public final class AmiMessage {

    private final List<Map.Entry<String, String>> headers;

    AmiMessage(List<Map.Entry<String, String>> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A message from alternating keys and values, for tests of listeners: {@code of("Event", "Hangup", ...)}. */
    public static AmiMessage of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        List<Map.Entry<String, String>> h = new ArrayList<>(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            h.add(new AbstractMap.SimpleImmutableEntry<>(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AmiMessage(h);
    }

    /** The first value of a header, or null. */
    public String get(String key) {
        // Indexed, not a for-each: every listener asks for several headers of every event, and an iterator each
        // time is garbage on the manager connection's thread.
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            if (h.getKey().equalsIgnoreCase(key)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of a repeated header, in order; empty if absent. */
    public List<String> getAll(String key) {
        List<String> values = new ArrayList<>(2);
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(key)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** The headers in wire order, repeats included. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** A read-only map view, keys without case, holding the first value of each key. */
    public Map<String, String> asMap() {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : headers) {
            m.putIfAbsent(h.getKey(), h.getValue());
        }
        return Collections.unmodifiableMap(m);
    }

    public boolean isEvent() {
        return get("Event") != null;
    }

    /** The event's name, or "" for a response. */
    public String eventName() {
        String e = get("Event");
        return e == null ? "" : e;
    }

    public String actionId() {
        return get("ActionID");
    }

    /**
     * True for {@code Response: Success}, {@code Follows} (old command output) and {@code Goodbye} (the answer to
     * {@code Logoff}); false for {@code Response: Error} and for events.
     */
    public boolean isSuccess() {
        String r = get("Response");
        return "Success".equalsIgnoreCase(r) || "Follows".equalsIgnoreCase(r) || "Goodbye".equalsIgnoreCase(r);
    }

    /** The {@code Message} header, which explains an error response. */
    public String message() {
        return get("Message");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AmiMessage[");
        for (int i = 0; i < headers.size(); i++) {
            Map.Entry<String, String> h = headers.get(i);
            // Never print a secret, even one echoed back.
            String v = h.getKey().equalsIgnoreCase("Secret") ? "***" : h.getValue();
            b.append(i == 0 ? "" : ", ").append(h.getKey()).append('=').append(v);
        }
        return b.append(']').toString();
    }
}
