package org.acdserver.gateway.ami;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A manager action to send: its name and headers in order, built fluently; repeated keys are allowed (several
 * {@code Variable} headers). The client adds the {@code ActionID}. Values must be single lines.
 */
public final class AmiAction {

    private final String name;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();

    private AmiAction(String name) {
        this.name = checked(name);
    }

    public static AmiAction of(String name) {
        return new AmiAction(name);
    }

    /** An action with these headers, in order; the same checks apply as to {@link #with}. */
    public static AmiAction of(String name, List<? extends Map.Entry<String, String>> headers) {
        AmiAction action = new AmiAction(name);
        headers.forEach(h -> action.with(h.getKey(), h.getValue()));
        return action;
    }

    /** Adds a header; an {@code ActionID} given here is ignored in favour of the client's own. */
    public AmiAction with(String key, String value) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(checked(key), checked(value)));
        return this;
    }

    /** Adds a {@code Variable: name=value} header; several may be given. */
    public AmiAction variable(String variable, String value) {
        return with("Variable", variable + "=" + value);
    }

    public String name() {
        return name;
    }

    /** The headers added so far, in order. */
    public List<Map.Entry<String, String>> headers() {
        return Collections.unmodifiableList(headers);
    }

    /** The wire form with the given ActionID, ending with the empty line. */
    String encode(String actionId) {
        StringBuilder b = new StringBuilder(64 + headers.size() * 32);
        b.append("Action: ").append(name).append("\r\n");
        b.append("ActionID: ").append(actionId).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equalsIgnoreCase("ActionID")) {
                b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        return b.append("\r\n").toString();
    }

    private static String checked(String s) {
        if (s == null || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            // A line break would let a value inject headers or a second action.
            throw new IllegalArgumentException("manager action names and values must be single lines");
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AmiAction[").append(name);
        for (Map.Entry<String, String> h : headers) {
            String v = h.getKey().equalsIgnoreCase("Secret") ? "***" : h.getValue();
            b.append(", ").append(h.getKey()).append('=').append(v);
        }
        return b.append(']').toString();
    }
}
