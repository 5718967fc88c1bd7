package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.auth.Action;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.Target;
import org.acdserver.gateway.desktop.AgentCommands;

/**
 * Agents' states under {@code /api/agent-states}: the list (a supervisor sees the agents of their queues), and a
 * supervisor's or admin's forced state change, not ready with a reason or signed out, for an agent of their queues.
 * The change goes to the routing core like the agent's own; it is audited with the state before and the one asked.
 */
public final class AgentStateApi {

    /** A forced state: {@code not_ready} (with a reason) or {@code signed_out}. */
    record ForcedState(String state, String reason) {
    }

    /** The list's answer. */
    record AgentStates(List<RoutingSnapshot.AgentView> agents) {
    }

    private final Supplier<CompletableFuture<RoutingSnapshot>> snapshot;
    private final AgentCommands commands;
    private final AccessPolicy policy;
    private final Supplier<RoutingConfiguration> routing;
    private final AuditTrail audit;

    public AgentStateApi(Supplier<CompletableFuture<RoutingSnapshot>> snapshot, AgentCommands commands,
                         AccessPolicy policy, Supplier<RoutingConfiguration> routing, AuditTrail audit) {
        this.snapshot = snapshot;
        this.commands = commands;
        this.policy = policy;
        this.routing = routing;
        this.audit = audit;
    }

    /** The routes, for admins and supervisors. */
    public List<Route> routes() {
        Access supervisors = Access.roles(Role.SUPERVISOR);
        return List.of(
                Route.get("/api/agent-states", supervisors, this::list),
                Route.post("/api/agent-states/:agent", supervisors, this::force));
    }

    void list(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        Replies.answer(ctx, snapshot.get(), s -> Replies.json(ctx, 200, new AgentStates(s.agents().values().stream()
                .filter(a -> policy.may(caller.user(), Action.VIEW_AGENT_STATES, Target.agent(a.id())))
                .sorted(Comparator.comparing(RoutingSnapshot.AgentView::id)).toList())));
    }

    void force(RoutingContext ctx) {
        String agent = ctx.pathParam("agent");
        ForcedState body = Replies.body(ctx, ForcedState.class);
        if (body == null) {
            return;
        }
        if (!"not_ready".equals(body.state()) && !"signed_out".equals(body.state())) {
            Replies.error(ctx, 400, "state must be not_ready or signed_out, not '" + body.state() + "'");
            return;
        }
        Caller caller = Caller.of(ctx);
        if (routing.get().agents().stream().noneMatch(a -> a.id().equals(agent))) {
            Replies.failure(ctx, new NoSuchElementException("no agent " + agent));
            return;
        }
        if (!policy.may(caller.user(), Action.SET_AGENT_STATE, Target.agent(agent))) {
            Replies.failure(ctx, new AccessDeniedException(caller.actor() + " may not set the state of " + agent
                    + ", who serves none of their queues"));
            return;
        }
        String reason = body.reason() == null || body.reason().isBlank() ? "supervisor" : body.reason();
        CompletableFuture<Void> done = snapshot.get().thenCompose(before -> {
            RoutingSnapshot.AgentView was = before.agents().get(agent);
            if (body.state().equals("not_ready")) {
                commands.notReady(agent, reason);
            } else {
                commands.signOut(agent);
            }
            return audit.record(AuditEntry.by(caller, "agent_state_force").withTarget(agent)
                    .withBefore(was == null ? null : Map.of("state", was.state().name()))
                    .withAfter(body.state().equals("not_ready") ? Map.of("state", "not_ready", "reason", reason)
                            : Map.of("state", "signed_out")));
        });
        Replies.answer(ctx, done, v -> Replies.message(ctx, 200, agent + " set " + body.state().replace('_', ' ')
                + (body.state().equals("not_ready") ? " (" + reason + ")" : "")));
    }
}
