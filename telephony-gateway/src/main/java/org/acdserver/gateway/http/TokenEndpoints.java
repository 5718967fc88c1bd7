package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.acdserver.gateway.auth.ApiTokens;
import org.acdserver.gateway.auth.Caller;

/**
 * API tokens: {@code GET /tokens} lists them (an admin's: all; anyone else's: their own), {@code POST /tokens}
 * ({@code {"name", "days", "user"}}) creates one and answers its secret, the only time it is shown, and
 * {@code DELETE /tokens/:id} revokes one.
 */
public final class TokenEndpoints {

    /** A token to create: what it is for, how many days it lives (optional), and whose (optional: the caller's). */
    record CreateRequest(String name, Integer days, String user) {
    }

    /** A token just created: what the list shows, and the secret. */
    record CreatedToken(long id, String user, String name, String expiresAt, String token) {
        @Override
        public String toString() {
            return "CreatedToken[" + id + "]";
        }
    }

    private final ApiTokens tokens;

    public TokenEndpoints(ApiTokens tokens) {
        this.tokens = tokens;
    }

    void list(RoutingContext ctx) {
        Replies.answer(ctx, tokens.list(Caller.of(ctx)), list -> Replies.json(ctx, 200, list));
    }

    void create(RoutingContext ctx) {
        CreateRequest r = Replies.body(ctx, CreateRequest.class);
        if (r != null) {
            Replies.answer(ctx, tokens.create(Caller.of(ctx), r.user(), r.name(),
                    r.days() == null ? null : Duration.ofDays(r.days())), created -> Replies.json(ctx, 201,
                    new CreatedToken(created.token().id(), created.token().user(), created.token().name(),
                            created.token().expiresAt().toString(), created.secret())));
        }
    }

    void revoke(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            Replies.error(ctx, 400, "'" + ctx.pathParam("id") + "' is not a token id");
            return;
        }
        Replies.answer(ctx, tokens.revoke(Caller.of(ctx), id), token -> Replies.json(ctx, 200, token));
    }
}
