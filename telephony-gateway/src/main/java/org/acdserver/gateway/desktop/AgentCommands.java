package org.acdserver.gateway.desktop;

/** The state changes a desktop asks of the routing core (the server's is the core itself; tests record them). */
public interface AgentCommands {

    /** Ready for calls; also ends a wrap-up early. */
    void ready(String agentId);

    /** Not ready, with a reason. */
    void notReady(String agentId, String reason);

    /** Signed out. */
    void signOut(String agentId);
}
