package org.acdserver.gateway.http;

import java.util.List;

/**
 * Every HTTP route of the server, in one place: on which listener, with which method, path and handler.
 *
 * <pre>
 * public listener (http.public)       admin listener (http.admin)
 *   GET  /metrics   Prometheus text     GET  /routing                         agents and waiting calls
 *   GET  /health    JSON                GET  /decisions?call=ID               why each agent was offered it
 *                                       POST /reload                          activate the edited files
 *                                       POST /rollback                        the flows active before
 *                                       GET  /callbacks?id=ID                 a callback as it stands
 *                                       POST /callbacks/cancel?id=ID
 *                                       POST /callbacks/reschedule?id=ID&amp;at=INSTANT
 *                                       GET  /reports?from=&amp;to=&amp;interval=&amp;queue=&amp;agent=&amp;format=
 *                                                                             interval report (JSON, CSV, table)
 *                                       GET  /live                            queues and agents as they stand
 * </pre>
 *
 * Anything else answers 404 (405 for a known path with another method), as JSON. The public listener is what a
 * Prometheus server or a load balancer's health check may reach; the admin one is for administrators only.
 */
public final class Routes {

    private final MetricsEndpoints metrics;
    private final RoutingViewEndpoint routing;
    private final DecisionsEndpoint decisions;
    private final ConfigurationEndpoints configuration;
    private final CallbackEndpoints callbacks;
    private final ReportEndpoints reports;
    private final LiveEndpoint live;

    public Routes(MetricsEndpoints metrics, RoutingViewEndpoint routing, DecisionsEndpoint decisions,
                  ConfigurationEndpoints configuration, CallbackEndpoints callbacks, ReportEndpoints reports,
                  LiveEndpoint live) {
        this.metrics = metrics;
        this.routing = routing;
        this.decisions = decisions;
        this.configuration = configuration;
        this.callbacks = callbacks;
        this.reports = reports;
        this.live = live;
    }

    /** The public listener's routes: metrics and health, nothing else. */
    public List<Route> publicRoutes() {
        return List.of(
                Route.get("/metrics", metrics::metrics),
                Route.get("/health", metrics::health));
    }

    /** The admin listener's routes: views and commands. */
    public List<Route> adminRoutes() {
        return List.of(
                Route.get("/routing", routing::show),
                Route.get("/decisions", decisions::show),
                Route.post("/reload", configuration::reload),
                Route.post("/rollback", configuration::rollback),
                Route.get("/callbacks", callbacks::show),
                Route.post("/callbacks/cancel", callbacks::cancel),
                Route.post("/callbacks/reschedule", callbacks::reschedule),
                Route.get("/reports", reports::report),
                Route.get("/live", live::show));
    }
}
