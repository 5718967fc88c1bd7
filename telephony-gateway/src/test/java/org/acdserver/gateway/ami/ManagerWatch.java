package org.acdserver.gateway.ami;

import java.time.Duration;
import org.acdserver.sandbox.AsteriskSandbox;

/**
 * The manager settings tests watch a sandbox with: its watch user, which receives every event (the server's own user
 * receives only the events the server uses, see manager.conf's filters), with short timeouts and back-off so that a
 * test notices a reconnect within seconds.
 */
public final class ManagerWatch {

    private ManagerWatch() {
    }

    /** The watch user's settings for {@code sandbox}; add {@code withEvents(...)} to narrow what it reads. */
    public static AmiSettings settings(AsteriskSandbox sandbox) {
        return new AmiSettings(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiWatchUser(), sandbox.amiSecret(),
                Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5));
    }
}
