package org.acdserver.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.store.FlowVersions;

/**
 * IVR flows under {@code /api/flows}: the list, one flow's text with its ETag and the versions it was activated in,
 * an upload (create, or replace with {@code If-Match}) that is checked with the rest of the configuration, written
 * and activated, a validation that only reports problems with file:line:column, and a run of the flow's test cases
 * (of the active flow, or of a proposed text). Uploads are audited with the text's hash before and after.
 */
public final class FlowEndpoints {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** A flow's text, sent by a client. */
    record FlowText(String text) {
    }

    /** A flow in the list. */
    record Listed(String name, String file, String etag) {
    }

    /** The list's answer. */
    record Flows(List<Listed> flows) {
    }

    /** One flow with its text and activations. */
    record Shown(String name, String file, String text, String etag, List<FlowVersions.Activation> versions) {
    }

    /** A validation's answer. */
    record Validation(boolean valid, List<ApiReplies.Problem> problems) {
    }

    /** One test case's outcome. */
    record TestOutcome(String name, int line, boolean passed, List<String> failures) {
    }

    /** A test run's answer. */
    record TestRun(String flow, int passed, int failed, List<TestOutcome> tests) {
    }

    /** An upload's answer. */
    record Uploaded(String message, String etag) {
    }

    /** The activations of a flow's content, oldest first. */
    @FunctionalInterface
    public interface History {
        List<FlowVersions.Activation> of(String flow) throws Exception;
    }

    private final ConfigurationEditor editor;
    private final History history;
    private final AuditTrail audit;

    public FlowEndpoints(ConfigurationEditor editor, History history, AuditTrail audit) {
        this.editor = editor;
        this.history = history;
        this.audit = audit;
    }

    /** The flows' routes, for admins. */
    public List<Route> routes() {
        Access admin = Access.admin();
        return List.of(
                Route.get("/api/flows", admin, this::list),
                Route.get("/api/flows/:name", admin, this::show),
                Route.put("/api/flows/:name", admin, this::upload),
                Route.post("/api/flows/:name/validate", admin, this::validate),
                Route.post("/api/flows/:name/test", admin, this::test));
    }

    void list(RoutingContext ctx) {
        ApiReplies.blocking(ctx, () -> {
            List<Listed> out = new ArrayList<>();
            for (String file : editor.flowFiles()) {
                String name = file.substring(file.lastIndexOf('/') + 1, file.length() - ".yaml".length());
                out.add(new Listed(name, file, ApiReplies.etag(editor.read(file))));
            }
            return new Flows(out);
        }, flows -> Replies.json(ctx, 200, flows));
    }

    void show(RoutingContext ctx) {
        String name = name(ctx);
        if (name == null) {
            return;
        }
        ApiReplies.blocking(ctx, () -> {
            String file = editor.flowFile(name);
            String text = editor.read(file);
            if (text == null) {
                throw new NoSuchElementException("no flow file " + file);
            }
            return new Shown(name, file, text, ApiReplies.etag(text), history.of(name));
        }, shown -> {
            ctx.response().putHeader(HttpHeaders.ETAG, shown.etag());
            Replies.json(ctx, 200, shown);
        });
    }

    void upload(RoutingContext ctx) {
        String name = name(ctx);
        FlowText body = name == null ? null : text(ctx);
        if (body == null) {
            return;
        }
        String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
        Caller caller = Caller.of(ctx);
        String file = editor.flowFile(name);
        AtomicReference<String> before = new AtomicReference<>();
        AuditEntry entry = AuditEntry.by(caller, "flow_upload").withTarget(name)
                .withAfter(ApiReplies.etag(body.text()));
        ctx.vertx().executeBlocking(() -> editor.edit(file, old -> {
            if (old != null) {
                before.set(ApiReplies.etag(old));
                ApiReplies.requireMatch(ifMatch, ApiReplies.etag(old), "flow " + name);
            }
            return body.text();
        }, caller.actor(), "upload flow " + name), false).onComplete(done -> {
            AuditEntry e = entry.withBefore(before.get());
            if (done.succeeded()) {
                Replies.answer(ctx, audit.record(e.withDetail(done.result())), v -> {
                    String etag = ApiReplies.etag(body.text());
                    ctx.response().putHeader(HttpHeaders.ETAG, etag);
                    Replies.json(ctx, before.get() == null ? 201 : 200, new Uploaded(done.result(), etag));
                });
            } else {
                Replies.answer(ctx, audit.record(e.failed(String.valueOf(done.cause().getMessage()))),
                        v -> ApiReplies.failure(ctx, done.cause()));
            }
        });
    }

    void validate(RoutingContext ctx) {
        String name = name(ctx);
        FlowText body = name == null ? null : text(ctx);
        if (body == null) {
            return;
        }
        ApiReplies.blocking(ctx, () -> {
            try {
                editor.check(editor.flowFile(name), body.text());
                return new Validation(true, List.of());
            } catch (InvalidConfigurationException e) {
                return new Validation(false, ApiReplies.invalid(e.getMessage()).problems());
            }
        }, v -> Replies.json(ctx, 200, v));
    }

    void test(RoutingContext ctx) {
        String name = name(ctx);
        if (name == null) {
            return;
        }
        // A body is optional: without one the active flow's test cases run.
        FlowText body = ctx.body().length() > 0 ? text(ctx) : new FlowText(null);
        if (body == null) {
            return;
        }
        ApiReplies.blocking(ctx, () -> {
            List<TestOutcome> tests = new ArrayList<>();
            int passed = 0;
            for (FlowSimulator.TestResult r : editor.test(name, body.text())) {
                tests.add(new TestOutcome(r.test().name(), r.test().at().line(), r.passed(), r.failures()));
                passed += r.passed() ? 1 : 0;
            }
            return new TestRun(name, passed, tests.size() - passed, tests);
        }, run -> Replies.json(ctx, 200, run));
    }

    private static String name(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) {
            Replies.error(ctx, 400, "a flow's name is letters, digits, '_' and '-' (not '" + name + "')");
            return null;
        }
        return name;
    }

    private static FlowText text(RoutingContext ctx) {
        FlowText body = Replies.body(ctx, FlowText.class);
        if (body != null && (body.text() == null || body.text().isBlank())) {
            Replies.error(ctx, 400, "send the flow as {\"text\": \"<the flow's YAML>\"}");
            return null;
        }
        return body;
    }
}
