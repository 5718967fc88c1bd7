package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.UserAccounts;

/**
 * Users, for admins: {@code GET /users} lists them, {@code POST /users} adds one
 * ({@code {"username", "password", "role", "agent", "queues"}}), {@code POST /users/:name/password}
 * ({@code {"password"}}) sets a password, {@code POST /users/:name/disable} and {@code /enable}. Passwords never come
 * back; every change is audited.
 */
public final class UserEndpoints {

    /** A new password; never in {@link #toString()}. */
    record PasswordRequest(String password) {
        @Override
        public String toString() {
            return "PasswordRequest[]";
        }
    }

    /** A user to add; the password never in {@link #toString()}. */
    record AddRequest(String username, String password, String role, String agent, Set<String> queues) {
        @Override
        public String toString() {
            return "AddRequest[" + username + "]";
        }
    }

    private final UserAccounts accounts;

    public UserEndpoints(UserAccounts accounts) {
        this.accounts = accounts;
    }

    void list(RoutingContext ctx) {
        Replies.answer(ctx, accounts.list(), users -> Replies.json(ctx, 200, users));
    }

    void add(RoutingContext ctx) {
        AddRequest r = Replies.body(ctx, AddRequest.class);
        if (r != null) {
            Replies.answer(ctx, accounts.add(Caller.of(ctx), new UserAccounts.NewUser(r.username(), r.password(),
                    r.role(), r.agent(), r.queues())), user -> Replies.json(ctx, 201, user));
        }
    }

    void password(RoutingContext ctx) {
        PasswordRequest r = Replies.body(ctx, PasswordRequest.class);
        String name = ctx.pathParam("name");
        if (r != null) {
            Replies.answer(ctx, accounts.setPassword(Caller.of(ctx), name, r.password()),
                    done -> Replies.message(ctx, 200, "password of " + name + " changed; their sessions ended"));
        }
    }

    void disable(RoutingContext ctx) {
        Replies.answer(ctx, accounts.setDisabled(Caller.of(ctx), ctx.pathParam("name"), true),
                user -> Replies.json(ctx, 200, user));
    }

    void enable(RoutingContext ctx) {
        Replies.answer(ctx, accounts.setDisabled(Caller.of(ctx), ctx.pathParam("name"), false),
                user -> Replies.json(ctx, 200, user));
    }
}
