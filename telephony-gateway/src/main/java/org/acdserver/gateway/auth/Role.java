package org.acdserver.gateway.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user is to the server. An admin may do everything; a supervisor watches and steers the queues they supervise
 * and the agents of those queues; an agent uses their own desktop. The finer rules are {@link AccessPolicy}'s.
 */
public enum Role {
    ADMIN, SUPERVISOR, AGENT;

    /**
     * The name used in the database, the API and the command line: {@code admin}, {@code supervisor},
     * {@code agent}.
     */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role of a wire name.
     *
     * @throws IllegalArgumentException naming the known roles
     */
    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (known: "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
