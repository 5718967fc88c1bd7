package org.acdserver.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check in front of every route that needs a login: who is calling (a bearer token or the session cookie), may
 * their role reach the route, and, for a state change made with a session cookie, does the request carry the
 * session's CSRF token in {@value #CSRF_HEADER}. A refusal is 401 (no or dead credentials; a page redirects to the
 * login page instead), 403 (wrong role, missing or wrong CSRF token) or 503 (the credentials cannot be looked up).
 * The caller is put on the request for the handler ({@link Caller#of}).
 *
 * <p>Bearer tokens need no CSRF token: a browser never adds one to a request by itself.
 */
public final class AccessGate {

    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "acd_session";
    /** The header that carries the session's CSRF token on a state change. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final String BEARER = "Bearer ";

    /** Finds the caller behind a request's credentials. */
    @FunctionalInterface
    public interface Identifier {
        /**
         * @param bearer  the bearer token, or null
         * @param session the session cookie's value, or null
         * @param address the client's address
         */
        CompletableFuture<Optional<Caller>> identify(String bearer, String session, String address);
    }

    private final Identifier identifier;

    public AccessGate(Identifier identifier) {
        this.identifier = identifier;
    }

    /** The check for one route. */
    Handler<RoutingContext> check(Route route) {
        return ctx -> {
            String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
            String bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? authorization.substring(BEARER.length()).strip() : null;
            Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
            String address = address(ctx);
            if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
                // Held while the credentials are looked up: an upgrade must find its request not yet read to
                // the end.
                ctx.request().pause();
            }
            Future.fromCompletionStage(identifier.identify(bearer, cookie == null ? null : cookie.getValue(), address),
                    ctx.vertx().getOrCreateContext()).onComplete(found -> {
                        if (found.failed()) {
                            LOG.error("cannot check the credentials of {} {} from {}: {}", ctx.request().method(),
                                    ctx.request().path(), address, found.cause().toString());
                            Replies.error(ctx, 503, "credentials cannot be checked now; try again");
                        } else {
                            admit(ctx, route, found.result().orElse(null));
                        }
                    });
        };
    }

    private static void admit(RoutingContext ctx, Route route, Caller caller) {
        if (caller == null) {
            if (route.page()) {
                ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/login?next="
                        + URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8)).end();
            } else {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"acd\"");
                Replies.error(ctx, 401, "log in first: a session cookie or an Authorization: Bearer token");
            }
            return;
        }
        if (!route.access().allows(caller.user().role())) {
            Replies.error(ctx, 403, route + " needs the role " + route.access() + "; "
                    + caller.user().username() + " is " + caller.user().role());
            return;
        }
        if (caller.credential() == Caller.Credential.SESSION && !SAFE.contains(ctx.request().method())
                && !Secrets.same(ctx.request().getHeader(CSRF_HEADER), caller.csrfToken())) {
            Replies.error(ctx, 403, "missing or wrong CSRF token: send the session's token in " + CSRF_HEADER);
            return;
        }
        ctx.put(Caller.KEY, caller);
        ctx.next();
    }

    /** The client's address as the socket sees it. */
    static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
