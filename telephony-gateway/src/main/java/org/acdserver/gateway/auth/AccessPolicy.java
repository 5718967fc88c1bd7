package org.acdserver.gateway.auth;

import java.util.List;
import java.util.function.Supplier;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;

/**
 * Who may do what to which queue or agent, as one function, {@link #may}. Routes need a role first (see the route
 * table); a handler whose request names a queue or an agent asks this before acting on it.
 *
 * <ul>
 *   <li>An admin may do everything.</li>
 *   <li>A supervisor may view the wallboard, reports and agents' states, set agents' states and listen, for the
 *       queues they supervise and for the agents who serve at least one of those queues. They administer nothing and
 *       use no agent desktop.</li>
 *   <li>An agent may use their own desktop and set their own state, nothing else.</li>
 *   <li>A disabled user may do nothing.</li>
 * </ul>
 *
 * Which queues an agent serves comes from the active configuration, read at each check, so a reload that moves an
 * agent changes what their supervisors may do at once.
 */
public final class AccessPolicy {

    private final Supplier<RoutingConfiguration> routing;

    /** @param routing the active routing configuration (agents and their queues) */
    public AccessPolicy(Supplier<RoutingConfiguration> routing) {
        this.routing = routing;
    }

    /** True when {@code user} may do {@code action} to {@code target}. */
    public boolean may(User user, Action action, Target target) {
        if (user == null || user.disabled()) {
            return false;
        }
        return switch (user.role()) {
            case ADMIN -> true;
            case SUPERVISOR -> supervisorMay(user, action, target);
            case AGENT -> agentMay(user, action, target);
        };
    }

    private boolean supervisorMay(User user, Action action, Target target) {
        if (action == Action.ADMINISTER || action == Action.USE_DESKTOP) {
            return false;
        }
        return switch (target) {
            case Target.Queue q -> user.queues().contains(q.id());
            case Target.Agent a -> agentQueues(a.id()).stream().anyMatch(user.queues()::contains);
            case Target.Server s -> false;
        };
    }

    private static boolean agentMay(User user, Action action, Target target) {
        return (action == Action.USE_DESKTOP || action == Action.SET_AGENT_STATE)
                && target instanceof Target.Agent a && a.id().equals(user.agentId());
    }

    private List<String> agentQueues(String agentId) {
        for (AgentDefinition a : routing.get().agents()) {
            if (a.id().equals(agentId)) {
                return a.queues();
            }
        }
        return List.of();
    }
}
