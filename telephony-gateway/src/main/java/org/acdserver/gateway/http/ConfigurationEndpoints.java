package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /reload} activates the edited configuration files, {@code POST /rollback} the flows active before the
 * last activation. Both read files and write the activation audit, so they run on a worker thread, never on the event
 * loop. An invalid configuration answers 400 with its file and line, and the running configuration stays; an
 * activation the server cannot make now (no previous version to roll back to) answers 409. Each attempt, done or
 * refused, goes to the audit log with the configuration's state before and after.
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
    private final Supplier<?> state;
    private final AuditTrail audit;

    /**
     * @param state what the audit log shows of the configuration before and after (its version and flows)
     * @param audit where attempts are recorded
     */
    public ConfigurationEndpoints(Activation reload, Activation rollback, Supplier<?> state, AuditTrail audit) {
        this.reload = reload;
        this.rollback = rollback;
        this.state = state;
        this.audit = audit;
    }

    void reload(RoutingContext ctx) {
        run(ctx, reload, "reload");
    }

    void rollback(RoutingContext ctx) {
        run(ctx, rollback, "rollback");
    }

    private void run(RoutingContext ctx, Activation activation, String what) {
        AuditEntry entry = AuditEntry.by(Caller.of(ctx), what).withBefore(state.get());
        // Unordered: the server runs activations one at a time itself; nothing else waits behind a slow one.
        ctx.vertx().executeBlocking(activation::activate, false).onComplete(done -> {
            if (done.succeeded()) {
                audited(ctx, entry.withAfter(state.get()).withDetail(done.result()),
                        () -> Replies.message(ctx, 200, done.result()));
            } else if (done.cause() instanceof InvalidConfigurationException e) {
                audited(ctx, entry.failed(e.getMessage()), () -> Replies.error(ctx, 400, e.getMessage()));
            } else if (done.cause() instanceof IllegalStateException e) {
                audited(ctx, entry.failed(e.getMessage()), () -> Replies.error(ctx, 409, e.getMessage()));
            } else {
                LOG.error("{} failed", what, done.cause());
                audited(ctx, entry.failed(done.cause().toString()),
                        () -> Replies.error(ctx, 500, what + " failed: " + done.cause()));
            }
        });
    }

    /** Answers once the entry is stored; an audit log that cannot be written is an error the caller hears of. */
    private void audited(RoutingContext ctx, AuditEntry entry, Runnable answer) {
        Replies.answer(ctx, audit.record(entry), done -> answer.run());
    }
}
