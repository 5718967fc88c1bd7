package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /reload} activates the edited configuration files, {@code POST /rollback} the flows active before the
 * last activation. Both read files and write the activation audit, so they run on a worker thread, never on the event
 * loop. An invalid configuration answers 400 with its file and line, and the running configuration stays; an
 * activation the server cannot make now (no previous version to roll back to) answers 409.
 */
public final class ConfigurationEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationEndpoints.class);

    /**
     * Activates a configuration and reports what it did in one line; throws {@link InvalidConfigurationException}
     * for invalid files and {@link IllegalStateException} when there is nothing to activate.
     */
    @FunctionalInterface
    public interface Activation {
        String activate() throws InvalidConfigurationException;
    }

    private final Activation reload;
    private final Activation rollback;

    public ConfigurationEndpoints(Activation reload, Activation rollback) {
        this.reload = reload;
        this.rollback = rollback;
    }

    void reload(RoutingContext ctx) {
        run(ctx, reload, "reload");
    }

    void rollback(RoutingContext ctx) {
        run(ctx, rollback, "rollback");
    }

    private static void run(RoutingContext ctx, Activation activation, String what) {
        // Unordered: the server runs activations one at a time itself; nothing else waits behind a slow one.
        ctx.vertx().executeBlocking(activation::activate, false).onComplete(done -> {
            if (done.succeeded()) {
                Replies.message(ctx, 200, done.result());
            } else if (done.cause() instanceof InvalidConfigurationException e) {
                Replies.error(ctx, 400, e.getMessage());
            } else if (done.cause() instanceof IllegalStateException e) {
                Replies.error(ctx, 409, e.getMessage());
            } else {
                LOG.error("{} failed", what, done.cause());
                Replies.error(ctx, 500, what + " failed: " + done.cause());
            }
        });
    }
}
