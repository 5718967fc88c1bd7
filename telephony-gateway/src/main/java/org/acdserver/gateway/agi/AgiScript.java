package org.acdserver.gateway.agi;

/** What runs for one AGI call; started on the session's event loop once the request is complete. Never blocks. */
@FunctionalInterface
public interface AgiScript {
    void start(AgiSession session);
}
