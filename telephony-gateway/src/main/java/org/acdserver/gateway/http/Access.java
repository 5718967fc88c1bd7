package org.acdserver.gateway.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.acdserver.gateway.auth.Role;

/**
 * Who may reach a route, as its line of the route table declares it: anyone (only the public listener's routes and
 * the login page), any logged-in user, or users of some roles. An admin may reach every route that needs a login.
 * Finer checks, per queue or agent, are the handler's, with {@link org.acdserver.gateway.auth.AccessPolicy}.
 *
 * @param noLogin no login needed
 * @param allowed the roles that may reach it (ignored without a login)
 */
public record Access(boolean noLogin, Set<Role> allowed) {

    private static final Access OPEN = new Access(true, Set.of());
    private static final Access ANY_USER = new Access(false, EnumSet.allOf(Role.class));

    public Access {
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
    }

    /** No login: the public listener's routes, and the login page with what it needs. */
    public static Access open() {
        return OPEN;
    }

    /** Any logged-in user, whatever their role. */
    public static Access anyUser() {
        return ANY_USER;
    }

    /** Users of these roles; admins always. */
    public static Access roles(Role... roles) {
        EnumSet<Role> allowed = EnumSet.of(Role.ADMIN);
        allowed.addAll(Arrays.asList(roles));
        return new Access(false, allowed);
    }

    /** Admins only. */
    public static Access admin() {
        return roles();
    }

    /** Whether the route needs no login. */
    public boolean isOpen() {
        return noLogin;
    }

    /** Whether a logged-in user of this role may reach the route. */
    public boolean allows(Role role) {
        return noLogin || allowed.contains(role);
    }

    @Override
    public String toString() {
        if (noLogin) {
            return "open";
        }
        return allowed.size() == Role.values().length ? "any user"
                : allowed.stream().map(Role::wireName).sorted().collect(Collectors.joining(", "));
    }
}
