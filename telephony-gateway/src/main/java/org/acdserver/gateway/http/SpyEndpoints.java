package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.spy.Spying;

/**
 * Listen, whisper and barge over HTTP (see {@link Spying}): {@code POST /supervisor/spy} ({@code {"agent",
 * "mode"}}) rings the caller's phone into the agent's call, {@code POST /supervisor/spy/mode} ({@code {"spy",
 * "mode"}}) switches mode, {@code POST /supervisor/spy/stop} ({@code {"spy"}}) ends it, {@code GET /supervisor/spies
 * ?since=&limit=} lists the stored spies (a supervisor's queues' agents only) and those running; and for admins
 * {@code POST /users/:name/phone} ({@code {"phone"}}) sets the phone a user listens on. A spy that cannot be done now
 * (no phone, no call) answers 409.
 */
public final class SpyEndpoints {

    /** Rows a report gives at most. */
    static final int MAX_ROWS = 1_000;

    record StartRequest(String agent, String mode) {
    }

    record ModeRequest(Long spy, String mode) {
    }

    record StopRequest(Long spy) {
    }

    record PhoneRequest(String phone) {
    }

    private final Spying spying;

    public SpyEndpoints(Spying spying) {
        this.spying = spying;
    }

    /** This class's lines of the route table: supervisors and admins, and for admins the phone setting. */
    public List<Route> routes() {
        Access supervisors = Access.roles(Role.SUPERVISOR);
        return List.of(
                Route.post("/supervisor/spy", supervisors, this::start),
                Route.post("/supervisor/spy/mode", supervisors, this::mode),
                Route.post("/supervisor/spy/stop", supervisors, this::stop),
                Route.get("/supervisor/spies", supervisors, this::list),
                Route.post("/users/:name/phone", Access.admin(), this::phone));
    }

    void start(RoutingContext ctx) {
        StartRequest r = Replies.body(ctx, StartRequest.class);
        if (r != null) {
            Replies.answer(ctx, spying.start(Caller.of(ctx), r.agent(), r.mode()), spy -> Replies.json(ctx, 201, spy));
        }
    }

    void mode(RoutingContext ctx) {
        ModeRequest r = Replies.body(ctx, ModeRequest.class);
        if (r != null && spyGiven(ctx, r.spy())) {
            Replies.answer(ctx, spying.switchMode(Caller.of(ctx), r.spy(), r.mode()),
                    spy -> Replies.json(ctx, 200, spy));
        }
    }

    void stop(RoutingContext ctx) {
        StopRequest r = Replies.body(ctx, StopRequest.class);
        if (r != null && spyGiven(ctx, r.spy())) {
            Replies.answer(ctx, spying.stop(Caller.of(ctx), r.spy()), spy -> Replies.json(ctx, 200, spy));
        }
    }

    void list(RoutingContext ctx) {
        Instant since;
        int limit;
        try {
            String s = ctx.queryParams().get("since");
            since = s == null ? Instant.now().minus(1, ChronoUnit.DAYS) : Instant.parse(s);
            String l = ctx.queryParams().get("limit");
            limit = l == null ? 100 : Math.min(MAX_ROWS, Math.max(1, Integer.parseInt(l)));
        } catch (DateTimeParseException | NumberFormatException e) {
            Replies.error(ctx, 400, "since is an instant such as 2026-03-02T00:00:00Z and limit a number: "
                    + e.getMessage());
            return;
        }
        Caller caller = Caller.of(ctx);
        Replies.answer(ctx, spying.report(caller, since, limit), rows -> Replies.json(ctx, 200, Map.of("spies", rows,
                "running", spying.running().stream().filter(s -> rows.stream().anyMatch(r -> r.id() == s.id()))
                        .toList())));
    }

    void phone(RoutingContext ctx) {
        PhoneRequest r = Replies.body(ctx, PhoneRequest.class);
        if (r != null) {
            Replies.answer(ctx, spying.setPhone(Caller.of(ctx), ctx.pathParam("name"), r.phone()),
                    set -> Replies.json(ctx, 200, set));
        }
    }

    private static boolean spyGiven(RoutingContext ctx, Long spy) {
        if (spy == null) {
            Replies.error(ctx, 400, "name the spy (\"spy\": its id)");
            return false;
        }
        return true;
    }
}
