package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.acdserver.flow.FlowProblem;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.admin.FlowConsole;
import org.acdserver.gateway.admin.FlowRejectedException;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.config.InvalidConfigurationException;

/**
 * The admin console's page and the flow routes it calls, all admins only:
 *
 * <pre>
 *   GET  /console, GET /console/files/*          the flow editor page and its scripts
 *   GET  /console/sections                       queues, agents, skills and schedules (through /api/&lt;section&gt;)
 *   GET  /console/flows                          the active flows
 *   GET  /console/flow?name=                     a flow's active text
 *   POST /console/flow/check    {name, text}     problems with line:column (empty: valid)
 *   POST /console/flow/graph    {name, text}     steps and labelled exits
 *   POST /console/flow/simulate {name, text, keys, caller, queueResult}   a scripted call's transcript
 *   POST /console/flow/tests    {name, text}     the flow's own test cases, passed or failed
 *   POST /console/flow/activate {name, text}     write the file, reload; 422 with the problems when invalid
 *   GET  /console/flow/versions?name=            stored versions, oldest first
 *   GET  /console/flow/version?name=&amp;version=    a stored version's text
 *   GET  /console/flow/diff?name=&amp;from=&amp;to=        unified diff of two stored versions
 *   POST /console/flow/rollback {name, version}  activate a stored version's text again
 * </pre>
 *
 * Everything runs on a worker thread (files, validation, the database). Activations and rollbacks, done or refused,
 * go to the audit log with the flow's version before and after.
 */
public final class ConsoleEndpoints {

    /** A flow's name and an edited text. */
    record FlowText(String name, String text) {
    }

    /** A scripted call of an edited text. */
    record Simulation(String name, String text, String keys, String caller, String queueResult) {
    }

    /** Which stored version to activate again. */
    record Rollback(String name, int version) {
    }

    /** The answer of a check: empty when the text is valid. */
    record Problems(List<Problem> problems) {
    }

    /** One problem, placed. */
    record Problem(String file, int line, int column, String message) {
        static Problem of(FlowProblem p) {
            return new Problem(p.file(), p.line(), p.column(), p.message());
        }
    }

    /** A unified diff. */
    record Diff(String diff) {
    }

    /** A stored version's text. */
    record VersionText(String name, int version, String text) {
    }

    private final FlowConsole console;
    private final AuditTrail audit;

    public ConsoleEndpoints(FlowConsole console, AuditTrail audit) {
        this.console = console;
        this.audit = audit;
    }

    /** The console's routes, admins only. */
    public List<Route> routes() {
        Access admin = Access.admin();
        return List.of(
                Route.page("/console", "admin/index.html", admin),
                Route.page("/console/sections", "admin/sections.html", admin),
                Route.files("/console/files", "web/admin", admin),
                Route.get("/console/flows", admin, ctx -> blocking(ctx, console::flows)),
                Route.get("/console/flow", admin, ctx -> blocking(ctx, () -> console.source(param(ctx, "name")))),
                Route.post("/console/flow/check", admin, ctx -> withBody(ctx, FlowText.class, b -> blocking(ctx,
                        () -> new Problems(console.check(name(b.name()), text(b.text())).stream()
                                .map(Problem::of).toList())))),
                Route.post("/console/flow/graph", admin, ctx -> withBody(ctx, FlowText.class, b -> blocking(ctx,
                        () -> console.diagram(name(b.name()), text(b.text()))))),
                Route.post("/console/flow/simulate", admin, ctx -> withBody(ctx, Simulation.class, b ->
                        blocking(ctx, () -> console.simulate(name(b.name()), text(b.text()), b.keys(), b.caller(),
                                queueResult(b.queueResult()))))),
                Route.post("/console/flow/tests", admin, ctx -> withBody(ctx, FlowText.class, b -> blocking(ctx,
                        () -> console.tests(name(b.name()), text(b.text())).stream().map(TestOutcome::of)
                                .toList()))),
                Route.post("/console/flow/activate", admin, ctx -> withBody(ctx, FlowText.class, b ->
                        activation(ctx, "flow activate", b.name(), () -> console.activate(name(b.name()),
                                text(b.text()), Caller.of(ctx).actor())))),
                Route.get("/console/flow/versions", admin, ctx -> blocking(ctx,
                        () -> console.versions(param(ctx, "name")))),
                Route.get("/console/flow/version", admin, ctx -> blocking(ctx, () -> {
                    int version = number(ctx, "version");
                    return new VersionText(param(ctx, "name"), version,
                            console.versionText(param(ctx, "name"), version));
                })),
                Route.get("/console/flow/diff", admin, ctx -> blocking(ctx, () -> new Diff(
                        console.diff(param(ctx, "name"), number(ctx, "from"), number(ctx, "to"))))),
                Route.post("/console/flow/rollback", admin, ctx -> withBody(ctx, Rollback.class, b ->
                        activation(ctx, "flow rollback", b.name(), () -> console.rollback(name(b.name()),
                                b.version(), Caller.of(ctx).actor())))));
    }

    /** A test case's outcome as the page lists it. */
    record TestOutcome(String name, int line, boolean passed, List<String> failures) {
        static TestOutcome of(FlowSimulator.TestResult r) {
            return new TestOutcome(r.test().name(), r.test().at().line(), r.passed(), r.failures());
        }
    }

    private void activation(RoutingContext ctx, String action, String flow, Callable<FlowConsole.Activated> work) {
        String before = versionOf(flow);
        AuditEntry entry = AuditEntry.by(Caller.of(ctx), action).withTarget(flow).withBefore(before);
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                FlowConsole.Activated a = done.result();
                Replies.answer(ctx, audit.record(entry.withAfter(a.version()).withDetail(a.report())),
                        ok -> Replies.json(ctx, 200, a));
            } else if (done.cause() instanceof FlowRejectedException e) {
                Replies.answer(ctx, audit.record(entry.failed(e.getMessage())), ok -> Replies.json(ctx, 422,
                        new Problems(e.problems().stream().map(Problem::of).toList())));
            } else if (done.cause() instanceof InvalidConfigurationException e) {
                Replies.answer(ctx, audit.record(entry.failed(e.getMessage())),
                        ok -> Replies.error(ctx, 400, e.getMessage()));
            } else {
                Replies.answer(ctx, audit.record(entry.failed(done.cause().toString())),
                        ok -> Replies.failure(ctx, done.cause()));
            }
        });
    }

    /** The flow's active version (content hash), or null when the name is unknown. */
    private String versionOf(String flow) {
        try {
            return flow == null ? null : console.source(flow).version();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <T> void withBody(RoutingContext ctx, Class<T> type, Consumer<T> then) {
        T body = Replies.body(ctx, type);
        if (body != null) {
            then.accept(body);
        }
    }

    private static <T> void blocking(RoutingContext ctx, Callable<T> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                Replies.json(ctx, 200, done.result());
            } else if (done.cause() instanceof FlowRejectedException e) {
                Replies.json(ctx, 422, new Problems(e.problems().stream().map(Problem::of).toList()));
            } else {
                Replies.failure(ctx, done.cause());
            }
        });
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing query parameter '" + name + "'");
        }
        return value;
    }

    private static int number(RoutingContext ctx, String name) {
        String value = param(ctx, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter '" + name + "' is not a number: " + value);
        }
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the body names no flow ('name')");
        }
        return name;
    }

    private static String text(String text) {
        if (text == null) {
            throw new IllegalArgumentException("the body has no flow text ('text')");
        }
        return text;
    }

    private static QueueResult queueResult(String value) {
        if (value == null || value.isBlank()) {
            return QueueResult.CONNECTED;
        }
        try {
            return QueueResult.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queueResult must be connected, not_served or callback_accepted, not "
                    + value);
        }
    }
}
