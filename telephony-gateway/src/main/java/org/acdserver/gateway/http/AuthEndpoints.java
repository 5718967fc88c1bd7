package org.acdserver.gateway.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Logins;
import org.acdserver.gateway.auth.User;

/**
 * {@code POST /login} ({@code {"username", "password"}}) opens a browser session: the answer sets the session cookie
 * (HttpOnly, SameSite=Strict, Secure over TLS or when configured) and carries the user and the session's CSRF token.
 * A wrong username or password answers 401, the same for both; too many failures answer 429 with Retry-After.
 * {@code POST /logout} ends the session; {@code GET /me} tells who is logged in (and, for a session, its CSRF token,
 * which a page reads when it loads).
 */
public final class AuthEndpoints {

    /** A login's body; the password never appears in {@link #toString()}. */
    record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[" + username + "]";
        }
    }

    /** Who is logged in, as {@code /login} and {@code /me} answer. */
    record Me(String username, String role, String agentId, Set<String> queues, String via, String csrfToken) {
        static Me of(User user, String via, String csrfToken) {
            return new Me(user.username(), user.role().wireName(), user.agentId(), user.queues(), via, csrfToken);
        }
    }

    private final Logins logins;
    private final boolean secureCookies;

    /**
     * @param secureCookies mark the cookie Secure on plain HTTP too (the server sits behind a TLS proxy)
     */
    public AuthEndpoints(Logins logins, boolean secureCookies) {
        this.logins = logins;
        this.secureCookies = secureCookies;
    }

    void login(RoutingContext ctx) {
        LoginRequest request = Replies.body(ctx, LoginRequest.class);
        if (request == null) {
            return;
        }
        if (request.username() == null || request.password() == null) {
            Replies.error(ctx, 400, "send {\"username\": ..., \"password\": ...}");
            return;
        }
        Replies.answer(ctx, logins.login(request.username(), request.password(), AccessGate.address(ctx),
                ctx.request().getHeader(HttpHeaders.USER_AGENT)), result -> {
                    switch (result) {
                        case Logins.Granted g -> {
                            ctx.response().addCookie(cookie(ctx, g.session().secret()));
                            Replies.json(ctx, 200, Me.of(g.user(), "session", g.session().csrfToken()));
                        }
                        case Logins.Refused r -> Replies.error(ctx, 401, Logins.REFUSED);
                        case Logins.Throttled t -> {
                            long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
                            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                            Replies.error(ctx, 429, t.why() + "; try again in " + seconds + " s");
                        }
                    }
                });
    }

    void logout(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        if (caller.credential() != Caller.Credential.SESSION) {
            Replies.error(ctx, 400, "only a browser session logs out; revoke a token with DELETE /tokens/ID");
            return;
        }
        Replies.answer(ctx, logins.logout(caller), done -> {
            ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
            Replies.message(ctx, 200, "logged out");
        });
    }

    void me(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        Replies.json(ctx, 200, Me.of(caller.user(), caller.credential().name().toLowerCase(Locale.ROOT),
                caller.csrfToken()));
    }

    private Cookie cookie(RoutingContext ctx, String value) {
        return Cookie.cookie(AccessGate.SESSION_COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(secureCookies || ctx.request().isSSL());
    }
}
