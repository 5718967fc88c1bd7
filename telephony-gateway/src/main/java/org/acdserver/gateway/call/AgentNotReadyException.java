package org.acdserver.gateway.call;

/** A transfer to an agent refused because the agent cannot take it now; the message names the agent and its state. */
public final class AgentNotReadyException extends IllegalStateException {

    public AgentNotReadyException(String message) {
        super(message);
    }
}
