package org.acdserver.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.config.ConfigurationDiff;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.store.ConfigurationVersions;
import org.acdserver.gateway.store.ConfigurationVersions.Version;

/**
 * The stored configuration versions under {@code /api/versions}: the list (newest first), one version with its files'
 * text (its ETag the content hash), the unified diff of two, and activating one again (a rollback to any version:
 * its files are checked, written back and reloaded, and the result stored as the newest version). Reads and
 * activations are blocking work, run on a worker thread; activations are audited with the state before and after.
 */
public final class VersionEndpoints {

    /** Activates a stored version for a user; throws {@link NoSuchElementException} for an unknown number. */
    @FunctionalInterface
    public interface VersionActivation {
        String activate(int number, String actor) throws InvalidConfigurationException;
    }

    /** The list's answer. */
    record VersionList(List<ConfigurationVersions.Summary> versions) {
    }

    /** A diff's answer: each changed file with its own diff, and all of them as one text. */
    record VersionDiff(int from, int to, List<ConfigurationDiff.FileChange> files, String diff) {
    }

    private final ConfigurationVersions versions;
    private final VersionActivation activation;
    private final Supplier<?> state;
    private final AuditTrail audit;

    /**
     * @param state what the audit log shows of the configuration before and after an activation
     */
    public VersionEndpoints(ConfigurationVersions versions, VersionActivation activation, Supplier<?> state,
                            AuditTrail audit) {
        this.versions = versions;
        this.activation = activation;
        this.state = state;
        this.audit = audit;
    }

    /** The routes, all for admins. */
    public List<Route> routes() {
        Access admin = Access.admin();
        return List.of(
                Route.get("/api/versions", admin, this::list),
                Route.get("/api/versions/:version", admin, this::show),
                Route.get("/api/versions/:from/diff/:to", admin, this::diff),
                Route.post("/api/versions/:version/activate", admin, this::activate));
    }

    void list(RoutingContext ctx) {
        ApiReplies.blocking(ctx, () -> new VersionList(versions.list()), list -> Replies.json(ctx, 200, list));
    }

    void show(RoutingContext ctx) {
        int number = number(ctx, "version");
        if (number > 0) {
            ApiReplies.blocking(ctx, () -> stored(number), v -> {
                ctx.response().putHeader(HttpHeaders.ETAG, "\"" + v.contentHash() + "\"");
                Replies.json(ctx, 200, v);
            });
        }
    }

    void diff(RoutingContext ctx) {
        int from = number(ctx, "from");
        int to = from > 0 ? number(ctx, "to") : 0;
        if (to > 0) {
            ApiReplies.blocking(ctx, () -> {
                List<ConfigurationDiff.FileChange> changes = ConfigurationDiff.between(stored(from).files(),
                        stored(to).files());
                return new VersionDiff(from, to, changes, ConfigurationDiff.text(changes));
            }, d -> Replies.json(ctx, 200, d));
        }
    }

    void activate(RoutingContext ctx) {
        int number = number(ctx, "version");
        if (number <= 0) {
            return;
        }
        Caller caller = Caller.of(ctx);
        AuditEntry entry = AuditEntry.by(caller, "version_activate").withTarget(Integer.toString(number))
                .withBefore(state.get());
        ctx.vertx().executeBlocking(() -> activation.activate(number, caller.actor()), false).onComplete(done -> {
            if (done.succeeded()) {
                Replies.answer(ctx, audit.record(entry.withAfter(state.get()).withDetail(done.result())),
                        v -> Replies.message(ctx, 200, done.result()));
            } else {
                Replies.answer(ctx, audit.record(entry.failed(String.valueOf(done.cause().getMessage()))),
                        v -> ApiReplies.failure(ctx, done.cause()));
            }
        });
    }

    private Version stored(int number) throws Exception {
        return versions.read(number).orElseThrow(() -> new NoSuchElementException(
                "no configuration version " + number + " is stored"));
    }

    /** A positive version number from the path; 0 with the request answered 400 when it is not one. */
    private static int number(RoutingContext ctx, String param) {
        String text = ctx.pathParam(param);
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        Replies.error(ctx, 400, param + " must be a version number (1, 2, ...), not '" + text + "'");
        return 0;
    }
}
