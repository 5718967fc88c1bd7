package org.acdserver.gateway.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who made a request, and how they proved it. Put on the request by the access gate; handlers read it with
 * {@link #of(RoutingContext)}.
 *
 * @param user       the user (or {@link User#LOCAL})
 * @param credential how they authenticated
 * @param csrfToken  the session's CSRF token (a session only; null otherwise)
 * @param sessionKey the stored hash of the session's secret (a session only), to end it at logout
 * @param address    the client's address
 */
public record Caller(User user, Credential credential, String csrfToken, String sessionKey, String address) {

    /** Where on the request the caller is kept. */
    public static final String KEY = "acd.caller";

    /** How a caller proved who they are. */
    public enum Credential {
        /** A browser session cookie: state changes need the session's CSRF token too. */
        SESSION,
        /** A bearer API token. */
        TOKEN,
        /** The local token file of the server's own machine. */
        LOCAL
    }

    /** The request's caller; only null on a route that needs no login. */
    public static Caller of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    /** The name the audit log gives this caller. */
    public String actor() {
        return user.username();
    }

    @Override
    public String toString() {
        return "Caller[" + user.username() + " (" + user.role() + ") by " + credential + " from " + address + "]";
    }
}
