package org.acdserver.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.acdserver.gateway.call.CallControl;
import org.acdserver.gateway.call.TransferTarget;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.desktop.AgentDesk;
import org.acdserver.gateway.desktop.DesktopFeed;

/**
 * The agent desktop's requests: its live feed ({@code GET /agent/live}, a WebSocket), its view as JSON
 * ({@code GET /agent/desk}), state changes ({@code POST /agent/state}, {@code {"state", "reason"}}) and wrap-ups
 * ({@code POST /agent/wrap-up}, {@code {"callId", "code", "note"}}), and the earlier contacts of the caller on the
 * agent's current call ({@code GET /agent/timeline?before=&limit=}, a page newest first), and control of the call the
 * agent talks on ({@code POST /agent/call/hold}, {@code /resume}, {@code /hangup}, {@code /transfer} with
 * {@code {"queue"}}, {@code {"number"}} or {@code {"agent"}}; 409 when there is no such call or the agent is not
 * ready), the transfer targets ({@code GET /agent/call/targets}: queues, and the other agents with their state), and
 * the attended transfer ({@code POST /agent/call/consult} with {@code {"number"}}, then
 * {@code /agent/call/consult/complete} or {@code /agent/call/consult/cancel}; 409 without a consult).
 * Each acts on the agent linked to the logged-in user and no other; a user linked to no agent is refused (403).
 */
public final class AgentDesktopEndpoints {

    /** A state change's body. */
    record StateRequest(String state, String reason) {
    }

    /** A wrap-up's body. */
    record WrapUpRequest(String callId, String code, String note) {
    }

    /** A blind transfer's body: a queue, a number or an agent. */
    record TransferRequest(String queue, String number, String agent) {
    }

    /** How many earlier contacts a timeline page lists when the request does not say. */
    static final int DEFAULT_TIMELINE_PAGE = 10;

    private final AgentDesk desk;
    private final CallControl calls;

    public AgentDesktopEndpoints(AgentDesk desk, CallControl calls) {
        this.desk = desk;
        this.calls = calls;
    }

    /** The agent of the request's user, or null with the request answered 403. */
    private String agent(RoutingContext ctx) {
        try {
            return desk.agentOf(Caller.of(ctx).user());
        } catch (AccessDeniedException e) {
            Replies.error(ctx, 403, e.getMessage());
            return null;
        }
    }

    /** The socket's handler, or null when the user has no desk (the upgrade is then refused with 403). */
    Handler<ServerWebSocket> live(RoutingContext ctx) {
        String agentId = agent(ctx);
        if (agentId == null) {
            return null;
        }
        DesktopFeed feed = desk.feed();
        return socket -> {
            LiveSocket viewer = new LiveSocket(socket);
            socket.closeHandler(v -> feed.leave(agentId, viewer));
            feed.join(agentId, viewer);
        };
    }

    void show(RoutingContext ctx) {
        String agentId = agent(ctx);
        if (agentId != null) {
            Replies.answer(ctx, desk.feed().view(agentId), view -> Replies.json(ctx, 200, view));
        }
    }

    void state(RoutingContext ctx) {
        String agentId = agent(ctx);
        StateRequest r = agentId == null ? null : Replies.body(ctx, StateRequest.class);
        if (r == null) {
            return;
        }
        try {
            desk.changeState(agentId, r.state(), r.reason());
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        Replies.message(ctx, 202, "agent " + agentId + ": " + r.state() + " asked");
    }

    void wrapUp(RoutingContext ctx) {
        String agentId = agent(ctx);
        WrapUpRequest r = agentId == null ? null : Replies.body(ctx, WrapUpRequest.class);
        if (r == null) {
            return;
        }
        if (r.callId() == null) {
            Replies.error(ctx, 400, "send {\"callId\": ..., \"code\": ..., \"note\": ...}");
            return;
        }
        CompletableFuture<Void> stored = desk.wrapUp(agentId, r.callId(), r.code(), r.note());
        Replies.answer(ctx, stored, done -> Replies.message(ctx, 200, "wrap-up of call " + r.callId() + " stored"));
    }

    void timeline(RoutingContext ctx) {
        String agentId = agent(ctx);
        if (agentId == null) {
            return;
        }
        Long before;
        int limit;
        try {
            String b = ctx.request().getParam("before");
            before = b == null || b.isBlank() ? null : Long.valueOf(b);
            String l = ctx.request().getParam("limit");
            limit = l == null || l.isBlank() ? DEFAULT_TIMELINE_PAGE : Integer.parseInt(l);
        } catch (NumberFormatException e) {
            Replies.error(ctx, 400, "before and limit are whole numbers: " + e.getMessage());
            return;
        }
        Replies.answer(ctx, desk.timeline(agentId, before, limit), page -> Replies.json(ctx, 200, page));
    }

    void hold(RoutingContext ctx) {
        control(ctx, "on hold", CallControl::hold);
    }

    void resume(RoutingContext ctx) {
        control(ctx, "resumed", CallControl::resume);
    }

    void hangUp(RoutingContext ctx) {
        control(ctx, "hung up", CallControl::hangUp);
    }

    void transfer(RoutingContext ctx) {
        String agentId = agent(ctx);
        TransferRequest r = agentId == null ? null : Replies.body(ctx, TransferRequest.class);
        if (r == null) {
            return;
        }
        if (r.agent() != null && r.queue() == null && r.number() == null) {
            // 400 for an unknown agent or the agent itself, 409 when the target is not ready (or no call).
            control(ctx, "transferred to agent " + r.agent(), (c, agent) -> c.transferToAgent(agent, r.agent()));
            return;
        }
        if (r.number() != null && r.queue() == null) {
            try {
                TransferTarget.toNumber(r.number());
            } catch (IllegalArgumentException e) {
                Replies.error(ctx, 400, e.getMessage());
                return;
            }
            control(ctx, "transferred to number " + r.number(), (c, agent) -> c.transferToNumber(agent, r.number()));
            return;
        }
        if (r.queue() == null || !calls.transferQueues().contains(r.queue())) {
            Replies.error(ctx, 400, "send {\"queue\": ...} naming one of " + calls.transferQueues()
                    + ", or {\"number\": ...}, or {\"agent\": ...}");
            return;
        }
        control(ctx, "transferred to queue " + r.queue(), (c, agent) -> c.transfer(agent, r.queue()));
    }

    /** An attended transfer's consult: {@code {"number"}}; 400 for a malformed number. */
    void consult(RoutingContext ctx) {
        String agentId = agent(ctx);
        TransferRequest r = agentId == null ? null : Replies.body(ctx, TransferRequest.class);
        if (r == null) {
            return;
        }
        try {
            TransferTarget.toNumber(r.number());
        } catch (IllegalArgumentException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        control(ctx, "consulting " + r.number(), (c, agent) -> c.consult(agent, r.number()));
    }

    void completeConsult(RoutingContext ctx) {
        control(ctx, "transferred to the consulted number", CallControl::completeConsult);
    }

    void cancelConsult(RoutingContext ctx) {
        control(ctx, "back from the consult", CallControl::cancelConsult);
    }

    void targets(RoutingContext ctx) {
        String agentId = agent(ctx);
        if (agentId != null) {
            Replies.answer(ctx, calls.transferAgents(agentId), agents -> Replies.json(ctx, 200,
                    Map.of("queues", calls.transferQueues(), "agents", agents)));
        }
    }

    /** Runs a call-control request for the request's agent: 200 when done, 409 when the call is not in that state. */
    private void control(RoutingContext ctx, String done,
                         BiFunction<CallControl, String, CompletableFuture<Void>> action) {
        String agentId = agent(ctx);
        if (agentId == null) {
            return;
        }
        // Null when done, else why the call is not in a state the request applies to.
        CompletableFuture<String> conflict = action.apply(calls, agentId).handle((ok, err) -> {
            Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (e == null) {
                return null;
            }
            if (e instanceof IllegalStateException notNow) {
                return notNow.getMessage();
            }
            throw new CompletionException(e);
        });
        Replies.answer(ctx, conflict, why -> {
            if (why == null) {
                Replies.message(ctx, 200, "agent " + agentId + ": call " + done);
            } else {
                Replies.error(ctx, 409, why);
            }
        });
    }
}
