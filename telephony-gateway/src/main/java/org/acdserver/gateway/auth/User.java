package org.acdserver.gateway.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person who logs in to the admin listener, without their password hash (which never leaves {@link UserStore}).
 *
 * @param id       the database id; 0 for the built-in {@link #LOCAL} administrator
 * @param username unique login name
 * @param role     what they may do
 * @param agentId  the agent of agents.yaml this user is (role agent), or null
 * @param queues   the queues they supervise (role supervisor); empty otherwise
 * @param disabled a disabled user cannot log in, and their sessions and tokens are refused
 */
public record User(long id, String username, Role role, String agentId, Set<String> queues, boolean disabled) {

    /**
     * The administrator behind the local token file: the command line on the server's own machine. It is no row of
     * the user table; the audit log names it {@code local}.
     */
    public static final User LOCAL = new User(0, "local", Role.ADMIN, null, Set.of(), false);

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        // Sorted, so that lists and JSON show the queues in one order.
        queues = Collections.unmodifiableSortedSet(new TreeSet<>(queues == null ? Set.of() : queues));
    }

    /** True for the built-in local administrator. */
    @JsonIgnore
    public boolean isLocal() {
        return id == 0;
    }
}
