package org.acdserver.gateway.config;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The configuration calls start on now, and the one before it. Activating replaces both in one atomic swap, so a
 * reader sees either the old snapshot or the new one, never a mix; the version number grows by one per activation.
 * Activations are expected one at a time (the server serialises reloads and rollbacks); readers never wait.
 */
public final class ActiveConfiguration implements Supplier<ConfigurationSnapshot> {

    /** The active snapshot and the one it replaced (null at first). */
    private record State(ConfigurationSnapshot active, ConfigurationSnapshot previous) {
    }

    private final AtomicReference<State> state;

    /** Activates the first configuration as version 1. */
    public ActiveConfiguration(ConfigurationSnapshot first) {
        this.state = new AtomicReference<>(new State(first.toBuilder().version(1).build(), null));
    }

    /** The active snapshot. */
    @Override
    public ConfigurationSnapshot get() {
        return state.get().active();
    }

    /** Activates a freshly loaded configuration as the next version; the one it replaces is kept for a rollback. */
    public ConfigurationSnapshot activate(ConfigurationSnapshot loaded) {
        return state.updateAndGet(s -> new State(loaded.toBuilder().version(s.active().version() + 1).build(),
                s.active())).active();
    }

    /**
     * Activates, as the next version, the active configuration with the flows of the version before it, together
     * with the schedules, queries and sound directories those flows were checked against. Queues, agents and
     * callbacks stay as they are. The version rolled back from becomes the previous one, so a second rollback goes
     * forward again.
     *
     * @throws IllegalStateException when there is no previous version
     */
    public ConfigurationSnapshot rollbackFlows() {
        return state.updateAndGet(s -> {
            if (s.previous() == null) {
                throw new IllegalStateException("there is no previous flow version to roll back to");
            }
            return new State(s.active().toBuilder().version(s.active().version() + 1).flows(s.previous().flows())
                    .flowResources(s.previous().flowResources()).build(), s.active());
        }).active();
    }
}
