package org.acdserver.gateway.desktop;

import org.acdserver.core.RoutingCore;

/** The server's {@link AgentCommands}: each state change a desktop asks for goes to the routing core as it is. */
public final class CoreAgentCommands implements AgentCommands {

    private final RoutingCore core;

    public CoreAgentCommands(RoutingCore core) {
        this.core = core;
    }

    @Override
    public void ready(String agentId) {
        core.agentReady(agentId);
    }

    @Override
    public void notReady(String agentId, String reason) {
        core.agentNotReady(agentId, reason);
    }

    @Override
    public void signOut(String agentId) {
        core.agentLoggedOut(agentId);
    }
}
