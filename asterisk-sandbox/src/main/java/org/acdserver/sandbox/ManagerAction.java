package org.acdserver.sandbox;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Asterisk manager action as plain data: its name and its headers in order, repeated keys allowed (several
 * {@code Variable} headers). The sandbox knows no manager client; whoever sends the action turns it into its own.
 *
 * @param name    the action, e.g. {@code Originate}
 * @param headers the headers in the order they are sent
 */
public record ManagerAction(String name, List<Map.Entry<String, String>> headers) {

    public ManagerAction {
        headers = List.copyOf(headers);
    }

    /** A fluent builder of an action's headers. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Collects headers in order. */
    public static final class Builder {
        private final String name;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a header. */
        public Builder with(String key, String value) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
            return this;
        }

        /** Adds a {@code Variable: name=value} header. */
        public Builder variable(String variable, String value) {
            return with("Variable", variable + "=" + value);
        }

        public ManagerAction build() {
            return new ManagerAction(name, headers);
        }
    }
}
