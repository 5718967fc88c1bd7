package org.acdserver.gateway.auth;

import java.util.Objects;

/** What an {@link Action} is about: a queue, an agent, or nothing in particular. */
public sealed interface Target {

    /** A queue of queues.yaml. */
    record Queue(String id) implements Target {
        public Queue {
            Objects.requireNonNull(id, "queue id");
        }
    }

    /** An agent of agents.yaml. */
    record Agent(String id) implements Target {
        public Agent {
            Objects.requireNonNull(id, "agent id");
        }
    }

    /** No queue or agent: the server as a whole. */
    record Server() implements Target {
    }

    static Target queue(String id) {
        return new Queue(id);
    }

    static Target agent(String id) {
        return new Agent(id);
    }

    static Target server() {
        return new Server();
    }
}
