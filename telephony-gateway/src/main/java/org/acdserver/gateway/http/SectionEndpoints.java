package org.acdserver.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.config.ConfigSection;
import org.acdserver.gateway.config.SectionText;

/**
 * Agents, skills, queues and schedules under {@code /api/<section>}: list, read, create, update, delete, item by item,
 * in the same YAML files an administrator edits by hand (see {@link SectionText}). A read carries the item's ETag; an
 * update or delete must send it back in {@code If-Match}, and gets 412 when the item changed in between (by the API
 * or in the file). Every write is checked as a reload checks the files (422 with the same messages and
 * file:line:column, nothing written), then activated and stored as a configuration version, and audited with the
 * item before and after.
 */
public final class SectionEndpoints {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    /** A list's answer. */
    record Items(List<JsonNode> items) {
    }

    /** A write's answer: the activation's report and the item as it now is (null after a delete). */
    record Written(String message, JsonNode item) {
    }

    private final ConfigSection section;
    private final ConfigurationEditor editor;
    private final AuditTrail audit;

    public SectionEndpoints(ConfigSection section, ConfigurationEditor editor, AuditTrail audit) {
        this.section = section;
        this.editor = editor;
        this.audit = audit;
    }

    /** The section's five routes, for admins. */
    public List<Route> routes() {
        Access admin = Access.admin();
        String base = "/api/" + section.key();
        return List.of(
                Route.get(base, admin, this::list),
                Route.get(base + "/:id", admin, this::show),
                Route.post(base, admin, this::create),
                Route.put(base + "/:id", admin, this::update),
                Route.delete(base + "/:id", admin, this::remove));
    }

    private SectionText current() throws Exception {
        String file = editor.file(section);
        String text = editor.read(file);
        return SectionText.of(section, file, text == null ? "" : text);
    }

    void list(RoutingContext ctx) {
        ApiReplies.blocking(ctx, () -> new Items(new ArrayList<>(current().items().values())),
                items -> Replies.json(ctx, 200, items));
    }

    void show(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ApiReplies.blocking(ctx, () -> item(current(), id), item -> {
            ctx.response().putHeader(HttpHeaders.ETAG, ApiReplies.etag(item.toString()));
            Replies.json(ctx, 200, item);
        });
    }

    void create(RoutingContext ctx) {
        ObjectNode item = body(ctx, null);
        if (item != null) {
            write(ctx, "create", item.path("id").asText(), item, null, 201);
        }
    }

    void update(RoutingContext ctx) {
        ObjectNode item = body(ctx, ctx.pathParam("id"));
        if (item != null) {
            write(ctx, "update", item.path("id").asText(), item, ctx.request().getHeader(HttpHeaders.IF_MATCH), 200);
        }
    }

    void remove(RoutingContext ctx) {
        write(ctx, "delete", ctx.pathParam("id"), null, ctx.request().getHeader(HttpHeaders.IF_MATCH), 200);
    }

    /**
     * Changes one item under the activation lock: the item as the file has it now is compared with {@code If-Match}
     * there, so that a writer who read an older state gets 412 even when another write came just before.
     */
    private void write(RoutingContext ctx, String action, String id, ObjectNode item, String ifMatch, int status) {
        Caller caller = Caller.of(ctx);
        AtomicReference<JsonNode> before = new AtomicReference<>();
        AuditEntry entry = AuditEntry.by(caller, section.noun() + "_" + action).withTarget(id);
        ctx.vertx().executeBlocking(() -> editor.edit(editor.file(section), text -> {
            String file = editor.file(section);
            SectionText now = SectionText.of(section, file, text == null ? "" : text);
            JsonNode old = now.items().get(id);
            before.set(old);
            if (item == null || !action.equals("create")) {
                if (old == null) {
                    throw new NoSuchElementException("no " + section.noun() + " " + id + " in " + file);
                }
                ApiReplies.requireMatch(ifMatch, ApiReplies.etag(old.toString()), section.noun() + " " + id);
            } else if (old != null) {
                throw new EditRefused(409, section.noun() + " " + id + " exists already in " + file
                        + "; change it with PUT /api/" + section.key() + "/" + id);
            }
            return item == null ? now.remove(id) : now.put(item);
        }, caller.actor(), action + " " + section.noun() + " " + id), false).onComplete(done -> {
            if (done.succeeded()) {
                JsonNode after = item == null ? null : afterWrite(id);
                AuditEntry ok = entry.withBefore(before.get()).withAfter(after).withDetail(done.result());
                Replies.answer(ctx, audit.record(ok), v -> {
                    if (after != null) {
                        ctx.response().putHeader(HttpHeaders.ETAG, ApiReplies.etag(after.toString()));
                    }
                    Replies.json(ctx, status, new Written(done.result(), after));
                });
            } else {
                AuditEntry failed = entry.withBefore(before.get()).withAfter(item)
                        .failed(String.valueOf(done.cause().getMessage()));
                Replies.answer(ctx, audit.record(failed), v -> ApiReplies.failure(ctx, done.cause()));
            }
        });
    }

    /** The item as the file has it after a write (as the next read will show it, with its ETag). */
    private JsonNode afterWrite(String id) {
        try {
            return current().items().get(id);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The request's item: a JSON object with an {@code id} (the path's, when one is given; it may be left out then).
     * Null, with the request answered 400/415, when it is not one.
     */
    private ObjectNode body(RoutingContext ctx, String pathId) {
        JsonNode body = Replies.body(ctx, JsonNode.class);
        if (body == null) {
            return null;
        }
        if (!(body instanceof ObjectNode item)) {
            Replies.error(ctx, 400, "send the " + section.noun() + " as a JSON object");
            return null;
        }
        if (pathId != null && !item.has("id")) {
            item.put("id", pathId);
        }
        String id = item.path("id").asText("");
        if (!ID.matcher(id).matches()) {
            Replies.error(ctx, 400, "a " + section.noun() + " needs an id of letters, digits, '_', '.', '@' or '-'"
                    + " (not '" + id + "')");
            return null;
        }
        if (pathId != null && !id.equals(pathId)) {
            Replies.error(ctx, 400, "the body's id '" + id + "' is not the path's '" + pathId + "'; a "
                    + section.noun() + " is renamed by creating the new one and deleting the old one");
            return null;
        }
        if (section.scalarField() != null && !item.path(section.scalarField()).isTextual()) {
            Replies.error(ctx, 400, "a " + section.noun() + " needs '" + section.scalarField() + "' as text");
            return null;
        }
        return item;
    }

    private JsonNode item(SectionText text, String id) {
        JsonNode item = text.items().get(id);
        if (item == null) {
            throw new NoSuchElementException("no " + section.noun() + " " + id);
        }
        return item;
    }
}
