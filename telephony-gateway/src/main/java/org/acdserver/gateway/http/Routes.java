package org.acdserver.gateway.http;

import java.util.ArrayList;
import java.util.List;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.auth.Accounts;
import org.acdserver.gateway.auth.Role;

/**
 * Every HTTP route of the server, in one place: on which listener, with which method and path, who may reach it,
 * and what answers it. A new feature adds its lines here; the security test walks this table.
 *
 * <pre>
 * public listener (http.public), no login
 *   GET  /metrics   Prometheus text
 *   GET  /health    JSON
 *
 * admin listener (http.admin)
 *   open        GET  /login, GET /assets/*, POST /login     the login page, its files, logging in
 *   any user    GET  /, GET /me, POST /logout, GET /webjars/*
 *   admin       GET  /routing                               agents and waiting calls
 *               GET  /decisions?call=ID                     why each agent was offered it
 *               POST /reload, POST /rollback                activate the edited files, the flows active before
 *               GET  /callbacks?id=ID                       a callback as it stands
 *               POST /callbacks/cancel?id=ID, POST /callbacks/reschedule?id=ID&amp;at=INSTANT
 *               GET  /users, POST /users, POST /users/:name/password, POST /users/:name/disable|enable
 *               GET  /audit?since=&amp;user=&amp;limit=
 *   admin, supervisor   GET /tokens, POST /tokens, DELETE /tokens/:id
 *   agent       GET  /agent, GET /agent/files/*                the agent desktop page and its files
 *               GET  /agent/live                            the desktop's WebSocket: a snapshot, then changes
 *               GET  /agent/desk                            the desktop's view as JSON
 *               POST /agent/state, POST /agent/wrap-up      state changes, the last call's wrap-up
 *               GET  /agent/timeline?before=&amp;limit=           earlier contacts of the current call's caller
 *               POST /agent/call/hold, /resume, /hangup        control of the agent's own current call
 *               POST /agent/call/transfer                      blind transfer to a queue or number
 *               GET  /agent/call/targets                       the queues a call can be transferred to
 *   admin, supervisor   GET /reports?from=&amp;to=&amp;interval=&amp;queue=&amp;agent=&amp;format=
 *                                                            interval report (JSON, CSV, table)
 *               GET  /live                                  queues and agents as they stand
 *   admin       GET  /api/versions, GET /api/versions/:version  stored configuration versions, one with its files
 *               GET  /api/versions/:from/diff/:to           their unified diff
 *               POST /api/versions/:version/activate        activate a stored version again
 *               GET  /supervisor, GET /supervisor/files/*      the live wallboard page and its files
 *               GET  /supervisor/reports                    the report page: a day or week of a queue as charts
 *               GET  /supervisor/live                       the wallboard's WebSocket: a snapshot, then changes
 *               GET  /supervisor/board                      the wallboard as JSON (a supervisor's queues only)
 *               POST /supervisor/spy, /supervisor/spy/mode, /supervisor/spy/stop   listen, whisper, barge
 *               GET  /supervisor/spies?since=&amp;limit=          stored spies (see SpyEndpoints)
 *   admin       POST /users/:name/phone                     the phone a supervisor listens on
 *   admin       GET  /console, GET /console/files/*, /console/flow...   the admin console (see ConsoleEndpoints)
 * </pre>
 *
 * Anything else answers 404 (405 for a known path with another method), as JSON. The public listener is what a
 * Prometheus server or a load balancer's health check may reach; everything on the admin listener but the login page
 * needs a login (see {@link AccessGate}).
 */
public final class Routes {

    private final MetricsEndpoints metrics;
    private final RoutingViewEndpoint routing;
    private final DecisionsEndpoint decisions;
    private final ConfigurationEndpoints configuration;
    private final CallbackEndpoints callbacks;
    private final AuthEndpoints auth;
    private final UserEndpoints users;
    private final TokenEndpoints tokens;
    private final AuditEndpoint audit;
    private final AgentDesktopEndpoints desktop;
    private final ReportEndpoints reports;
    private final LiveEndpoint live;
    private final WallboardEndpoints wallboard;
    /** The REST API's routes under {@code /api} (see {@code AdminApi}). */
    private final List<Route> api;

    public Routes(MetricsEndpoints metrics, RoutingViewEndpoint routing, DecisionsEndpoint decisions,
                  ConfigurationEndpoints configuration, CallbackEndpoints callbacks, AuthEndpoints auth,
                  UserEndpoints users, TokenEndpoints tokens, AuditEndpoint audit, AgentDesktopEndpoints desktop,
                  ReportEndpoints reports, LiveEndpoint live, WallboardEndpoints wallboard) {
        this(metrics, routing, decisions, configuration, callbacks, auth, users, tokens, audit, desktop, reports, live,
                wallboard, List.of());
    }

    private Routes(MetricsEndpoints metrics, RoutingViewEndpoint routing, DecisionsEndpoint decisions,
                   ConfigurationEndpoints configuration, CallbackEndpoints callbacks, AuthEndpoints auth,
                   UserEndpoints users, TokenEndpoints tokens, AuditEndpoint audit, AgentDesktopEndpoints desktop,
                   ReportEndpoints reports, LiveEndpoint live, WallboardEndpoints wallboard, List<Route> api) {
        this.api = List.copyOf(api);
        this.metrics = metrics;
        this.routing = routing;
        this.decisions = decisions;
        this.configuration = configuration;
        this.callbacks = callbacks;
        this.auth = auth;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.desktop = desktop;
        this.reports = reports;
        this.live = live;
        this.wallboard = wallboard;
    }

    /** The route table with the endpoints of logins, users, tokens and the audit log made from these. */
    public static Routes of(MetricsEndpoints metrics, RoutingViewEndpoint routing, DecisionsEndpoint decisions,
                            ConfigurationEndpoints configuration, CallbackEndpoints callbacks, Accounts accounts,
                            Audit audit, boolean secureCookies, AgentDesktopEndpoints desktop,
                            ReportEndpoints reports, LiveEndpoint live, WallboardEndpoints wallboard) {
        return new Routes(metrics, routing, decisions, configuration, callbacks,
                new AuthEndpoints(accounts.logins(), secureCookies), new UserEndpoints(accounts.users()),
                new TokenEndpoints(accounts.tokens()), new AuditEndpoint(audit), desktop, reports, live,
                wallboard);
    }

    /** The same table with the REST API's routes added to the admin listener. */
    public Routes with(List<Route> apiRoutes) {
        return new Routes(metrics, routing, decisions, configuration, callbacks, auth, users, tokens, audit, desktop,
                reports, live, wallboard, apiRoutes);
    }

    /** The public listener's routes: metrics and health, nothing else. */
    public List<Route> publicRoutes() {
        return List.of(
                Route.get("/metrics", Access.open(), metrics::metrics),
                Route.get("/health", Access.open(), metrics::health));
    }

    /** The admin listener's routes: pages, views and commands. */
    public List<Route> adminRoutes() {
        Access admin = Access.admin();
        Access scripts = Access.roles(Role.SUPERVISOR);
        Access agents = Access.roles(Role.AGENT);
        List<Route> all = new ArrayList<>(List.of(
                // The login page and what it needs: the only routes here without a login.
                Route.page("/login", "login.html", Access.open()),
                Route.files("/assets", "web/assets", Access.open()),
                Route.post("/login", Access.open(), auth::login),
                Route.page("/", "index.html", Access.anyUser()),
                Route.get("/me", Access.anyUser(), auth::me),
                Route.post("/logout", Access.anyUser(), auth::logout),
                Route.files("/webjars", "META-INF/resources/webjars", Access.anyUser()),
                Route.get("/routing", admin, routing::show),
                Route.get("/decisions", admin, decisions::show),
                Route.post("/reload", admin, configuration::reload),
                Route.post("/rollback", admin, configuration::rollback),
                Route.get("/callbacks", admin, callbacks::show),
                Route.post("/callbacks/cancel", admin, callbacks::cancel),
                Route.post("/callbacks/reschedule", admin, callbacks::reschedule),
                Route.get("/users", admin, users::list),
                Route.post("/users", admin, users::add),
                Route.post("/users/:name/password", admin, users::password),
                Route.post("/users/:name/disable", admin, users::disable),
                Route.post("/users/:name/enable", admin, users::enable),
                Route.get("/tokens", scripts, tokens::list),
                Route.post("/tokens", scripts, tokens::create),
                Route.delete("/tokens/:id", scripts, tokens::revoke),
                Route.get("/audit", admin, audit::show),
                Route.get("/reports", scripts, reports::report),
                Route.get("/live", scripts, live::show),
                Route.page("/supervisor", "supervisor/index.html", scripts),
                Route.page("/supervisor/reports", "supervisor/reports.html", scripts),
                Route.files("/supervisor/files", "web/supervisor", scripts),
                Route.webSocketPerRequest("/supervisor/live", scripts, wallboard::live),
                Route.get("/supervisor/board", scripts, wallboard::show),
                // The agent desktop: admins pass the role check, but only a user linked to an agent has a desk.
                Route.page("/agent", "agent/index.html", agents),
                Route.files("/agent/files", "web/agent", agents),
                Route.webSocketPerRequest("/agent/live", agents, desktop::live),
                Route.get("/agent/desk", agents, desktop::show),
                Route.post("/agent/state", agents, desktop::state),
                Route.post("/agent/wrap-up", agents, desktop::wrapUp),
                Route.get("/agent/timeline", agents, desktop::timeline),
                Route.post("/agent/call/hold", agents, desktop::hold),
                Route.post("/agent/call/resume", agents, desktop::resume),
                Route.post("/agent/call/hangup", agents, desktop::hangUp),
                Route.post("/agent/call/transfer", agents, desktop::transfer),
                Route.post("/agent/call/consult", agents, desktop::consult),
                Route.post("/agent/call/consult/complete", agents, desktop::completeConsult),
                Route.post("/agent/call/consult/cancel", agents, desktop::cancelConsult),
                Route.get("/agent/call/targets", agents, desktop::targets)));
        all.addAll(api);
        return List.copyOf(all);
    }
}
