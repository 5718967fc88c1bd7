package org.acdserver.gateway.ami;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One manager message (an event or a response): ordered headers, keys compared without case, repeats allowed. */
public final class AmiMessage {

    private final List<Map.Entry<String, String>> headers;

    AmiMessage(List<Map.Entry<String, String>> headers) {
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
    }

    /** The first value of a header, or null. */
    public String get(String key) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(key)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of a repeated header, in order. */
    public List<String> getAll(String key) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(key)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
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

    /** True for {@code Response: Success} (and {@code Follows}). */
    public boolean isSuccess() {
        String r = get("Response");
        return "Success".equalsIgnoreCase(r) || "Follows".equalsIgnoreCase(r);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AmiMessage[");
        for (Map.Entry<String, String> h : headers) {
            // Never print a secret, even one echoed back.
            String v = h.getKey().equalsIgnoreCase("Secret") ? "***" : h.getValue();
            b.append(h.getKey()).append('=').append(v).append(", ");
        }
        return b.append(']').toString();
    }
}
