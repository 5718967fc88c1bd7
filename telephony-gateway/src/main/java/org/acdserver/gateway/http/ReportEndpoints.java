package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.kpi.Report;
import org.acdserver.gateway.kpi.ReportFormat;
import org.acdserver.gateway.kpi.ReportRequest;

/**
 * {@code GET /reports?from=&to=[&interval=15m|1h|1d][&queue=][&agent=][&zone=][&format=json|csv|table][&section=]}:
 * an interval report (a supervisor's must name one of their queues) (see {@link ReportRequest} for the forms of
 * {@code from} and {@code to}; the zone defaults to {@code kpi.timeZone}). JSON holds every section; CSV one section
 * ({@code queues} by default, {@code agents} when an agent is named); {@code table} is the text the command line
 * prints. The report is built on the database pool, never on the event loop.
 */
public final class ReportEndpoints {

    private final Function<ReportRequest, CompletionStage<Report>> reports;
    private final Supplier<ZoneId> defaultZone;

    /**
     * @param reports     builds a report off the event loop
     * @param defaultZone the configured report time zone
     */
    public ReportEndpoints(Function<ReportRequest, CompletionStage<Report>> reports, Supplier<ZoneId> defaultZone) {
        this.reports = reports;
        this.defaultZone = defaultZone;
    }

    void report(RoutingContext ctx) {
        var q = ctx.request();
        String format = q.getParam("format", "json");
        String section = q.getParam("section", q.getParam("agent") == null ? "queues" : "agents");
        ReportRequest request;
        try {
            if (!format.equals("json") && !format.equals("csv") && !format.equals("table")) {
                throw new IllegalArgumentException("format '" + format + "' is not one of json, csv, table");
            }
            if (!ReportFormat.SECTIONS.contains(section)) {
                throw new IllegalArgumentException("section '" + section + "' is not one of " + ReportFormat.SECTIONS);
            }
            String zone = q.getParam("zone");
            request = ReportRequest.parse(q.getParam("from"), q.getParam("to"), q.getParam("interval"),
                    zone == null || zone.isBlank() ? defaultZone.get() : ZoneId.of(zone), q.getParam("queue"),
                    q.getParam("agent"));
        } catch (IllegalArgumentException | DateTimeException e) {
            Replies.error(ctx, 400, e.getMessage());
            return;
        }
        User user = Caller.of(ctx).user();
        if (user.role() == Role.SUPERVISOR && (request.queue() == null || !user.queues().contains(request.queue()))) {
            // A supervisor sees the queues they supervise, so their report must name one; an agent's figures are
            // asked within one of those queues.
            Replies.error(ctx, 403, "supervisor " + user.username() + " may read reports of their own queues "
                    + user.queues() + " only: name one with queue=");
            return;
        }
        Replies.onEventLoop(ctx, reports.apply(request)).onSuccess(report -> {
            switch (format) {
                case "csv" -> Replies.text(ctx, "text/csv; charset=utf-8", ReportFormat.csv(report, section));
                case "table" -> Replies.text(ctx, "text/plain; charset=utf-8", ReportFormat.table(report));
                default -> Replies.json(ctx, 200, report);
            }
        });
    }
}
