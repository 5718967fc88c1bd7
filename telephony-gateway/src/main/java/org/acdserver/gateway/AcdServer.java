package org.acdserver.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.gateway.admin.AdminConsole;
import org.acdserver.gateway.agent.AgentCodeScript;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiServer;
import org.acdserver.gateway.agi.AgiServerSettings;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.asterisk.AsteriskLinks;
import org.acdserver.gateway.call.CallerHandBack;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.call.CallbackIntake;
import org.acdserver.gateway.call.CallRegistry;
import org.acdserver.gateway.call.AgentChannels;
import org.acdserver.gateway.call.CallControl;
import org.acdserver.gateway.call.CallRouting;
import org.acdserver.gateway.call.CallServices;
import org.acdserver.gateway.call.FlowScripts;
import org.acdserver.gateway.call.GatewayRoutingPort;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.callback.CallbackDialer;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.DialWitness;
import org.acdserver.gateway.config.ActiveConfiguration;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ConfigurationWatch;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.audit.ConfigurationAudit;
import org.acdserver.gateway.auth.Accounts;
import org.acdserver.gateway.desktop.CoreAgentCommands;
import org.acdserver.gateway.desktop.CustomerTimeline;
import org.acdserver.gateway.desktop.AgentDesk;
import org.acdserver.gateway.desktop.DesktopFeed;
import org.acdserver.gateway.desktop.StateJournal;
import org.acdserver.gateway.desktop.WrapUpStore;
import org.acdserver.gateway.host.SchedulerSlice;
import org.acdserver.gateway.http.AccessGate;
import org.acdserver.gateway.http.AgentDesktopEndpoints;
import org.acdserver.gateway.http.CallbackCommands;
import org.acdserver.gateway.http.CallbackEndpoints;
import org.acdserver.gateway.http.ConfigurationEndpoints;
import org.acdserver.gateway.http.DecisionsEndpoint;
import org.acdserver.gateway.http.Health;
import org.acdserver.gateway.http.MetricsEndpoints;
import org.acdserver.gateway.http.LiveEndpoint;
import org.acdserver.gateway.http.ReportEndpoints;
import org.acdserver.gateway.http.Routes;
import org.acdserver.gateway.http.RoutingViewEndpoint;
import org.acdserver.gateway.http.WebServer;
import org.acdserver.gateway.spy.Supervision;
import org.acdserver.gateway.standby.Standby;
import org.acdserver.gateway.kpi.AgentStateLog;
import org.acdserver.gateway.kpi.IntervalReport;
import org.acdserver.gateway.kpi.KpiConfiguration;
import org.acdserver.gateway.kpi.LiveView;
import org.acdserver.gateway.kpi.QueueGauges;
import org.acdserver.gateway.kpi.Report;
import org.acdserver.gateway.kpi.ReportRequest;
import org.acdserver.gateway.store.AgentStateRecorder;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.FlowVersions;
import org.acdserver.gateway.store.InteractionRecorder;
import org.acdserver.gateway.store.JdbcLookups;
import org.acdserver.gateway.store.VoicemailBox;
import org.acdserver.gateway.supervisor.SupervisorBoards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process: the FastAGI server, the AMI client, the routing core, persistence and the HTTP listeners,
 * wired together and closed in reverse order.
 *
 * <p>Threads: one Netty boss thread, a small pool of Netty workers shared by AGI sessions and the AMI connection;
 * the HTTP listeners' one Vert.x event loop (on the same Netty) and its small worker pool; the routing core's single
 * consumer thread; and the record writer. No thread per call.
 */
public final class AcdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcdServer.class);

    private final ServerSettings settings;
    private final ActiveConfiguration active;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final PrometheusMeterRegistry meters;
    private final Database database;
    private final InteractionRecorder recorder;
    private final RoutingCore core;
    private final CallRegistry registry;
    private final GatewayRoutingPort port;
    private final FlowScripts scripts;
    private final CallMetrics callMetrics;
    private final AgiServer agi;
    private final AsteriskLinks links;
    private final ScaleOut scaleOut;
    private final WebServer web;
    private final ExecutorService lookupPool;
    private final FlowVersions flowVersions;
    private final ConfigurationWatch watch;
    private final ExecutorService jdbc;
    private final CallbackDesk callbacks;
    private final Audit audit;
    private final Accounts accounts;
    private final ConfigurationAudit configAudit;
    private final AgentDesk desk;
    private Routes routes;
    private final Clock clock;
    private final AgentStateRecorder agentStates;
    private final AgentStateLog agentStateLog;
    private final QueueGauges queueGauges;
    private final IntervalReport reports;
    private final CallbackDialer dialer;
    private final ConfigurationActivation activation;

    private AcdServer(ServerSettings settings, ConfigurationSnapshot configuration, Clock clock,
                      Deque<AutoCloseable> opened) throws Exception {
        this.settings = settings;
        this.clock = clock;
        this.active = new ActiveConfiguration(configuration);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("acd-agi-accept", true),
                NioIoHandler.newFactory());
        opened.push(() -> boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        // The threads a hand-off crosses (these loops and the routing thread) ask for a short scheduler slice.
        SchedulerSlice slice = new SchedulerSlice(settings.schedulerSlice());
        this.workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                slice.threads(new DefaultThreadFactory("acd-io", true)), NioIoHandler.newFactory());
        opened.push(() -> workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        RecordStores stores = RecordStores.open(settings.database(), () -> KpiConfiguration.rules(active.get()),
                meters, opened);
        this.database = stores.database();
        this.recorder = stores.interactions();
        this.agentStates = stores.agentStates();
        this.callMetrics = new CallMetrics(meters);
        callMetrics.useServiceLevels(configuration.serviceLevels());
        this.agentStateLog = new AgentStateLog(agentStates::record, callMetrics, clock);
        this.reports = new IntervalReport(database.dataSource(), clock);
        this.registry = new CallRegistry();
        this.jdbc = Executors.newVirtualThreadPerTaskExecutor();
        opened.push(jdbc::shutdownNow);
        this.scaleOut = new ScaleOut(settings, database.dataSource(), jdbc, meters);
        Standby standby = scaleOut.standby();
        opened.push(scaleOut);
        AtomicReference<RoutingCore> coreRef = new AtomicReference<>();
        AtomicReference<CallbackDialer> dialerRef = new AtomicReference<>();
        this.port = new GatewayRoutingPort(registry, coreRef::get,
                d -> scaleOut.dialCallback(d, dialerRef.get()::dial), agentStateLog, scaleOut::reach, standby.places());
        this.core = new RoutingCore(configuration.routing(), port, clock::millis, slice.threads(Thread::new));
        coreRef.set(core);
        opened.push(core);
        workers.next().scheduleAtFixedRate(core::tick, 250, 250, TimeUnit.MILLISECONDS);
        this.queueGauges = new QueueGauges(meters, core::queueStatus, clock);
        queueGauges.register(configuration.routing().queuesById().keySet());
        workers.next().scheduleAtFixedRate(queueGauges::refresh, 0, 1, TimeUnit.SECONDS);
        Gauge.builder("acd.routing.ring.remaining", core, RoutingCore::remainingCapacity)
                .description("free slots in the routing ring buffer").register(meters);

        this.links = scaleOut.link(settings, workers, registry, configuration.routing(), core, meters);
        opened.push(links);

        this.audit = new Audit(database.dataSource(), jdbc, meters);
        this.accounts = new Accounts(database.dataSource(), settings.auth(), audit, jdbc, meters,
                () -> active.get().routing(), Clock.systemUTC(), workers.next());
        opened.push(accounts);
        this.configAudit = new ConfigurationAudit(active, audit);
        this.callbacks = new CallbackDesk(new CallbackStore(database.dataSource(), standby.fence()), core,
                () -> active.get().callbacks(), jdbc, new CallbackMetrics(meters), clock);
        this.dialer = new CallbackDialer(callbacks, core, links.home(), jdbc, workers, recorder, clock);
        dialerRef.set(dialer);
        DialWitness witness = scaleOut.witness(callbacks, jdbc);

        CallServices services = new CallServices(CallRouting.of(core, standby.places()::entering), registry,
                callMetrics, recorder::record, clock, "default", CallbackIntake.of(callbacks),
                AgentChannels.over(links.home()), settings.legEndPause());
        // Blocking JDBC of look-ups and voicemail: a small bounded pool, never the event loops. A full queue fails
        // the look-up at once, which sends the call down its error branch instead of making it wait.
        this.lookupPool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000), new DefaultThreadFactory("acd-lookup", true));
        opened.push(lookupPool::shutdownNow);
        this.flowVersions = new FlowVersions(database.dataSource());
        // A call runs on the snapshot it started with: its flows, schedules and queries.
        this.scripts = new FlowScripts(active, snapshot -> new FlowEnvironment(snapshot.flows(),
                snapshot.flowResources().schedules(), new JdbcLookups(database.dataSource(),
                        snapshot.flowResources()::queries, lookupPool), clock), services,
                new VoicemailBox(database.dataSource(), lookupPool), standby::resumeAt);
        this.activation = new ConfigurationActivation(settings, active, core, links::configure, callMetrics,
                queueGauges, flowVersions, database.dataSource());
        activation.started(configuration.flows(), "startup (" + System.getProperty("user.name", "?") + ")");
        ServerSettings.Endpoint agiAt = settings.agi();
        AgentCodeScript agentCodes = new AgentCodeScript(() -> active.get().agentCodes(), core,
                () -> active.get().routing(), standby.presence());
        AgiScriptResolver resolver = standby.lobby(name -> AgentCodeScript.NAME.equals(name)
                ? Optional.of(agentCodes) : CallbackDialer.SCRIPT.equals(name) ? Optional.of(dialer)
                : scripts.resolve(name));
        this.agi = new AgiServer(AgiServerSettings.defaults(agiAt.host(), agiAt.port()), settings.agiAllow(), resolver,
                boss, workers);
        opened.push(agi);
        agi.start();
        scaleOut.begin(core, callbacks, witness::load, workers, agi);
        agi.bindTo(meters);
        Gauge.builder("acd.calls.in.queue", registry, CallRegistry::size).register(meters);
        this.desk = agentDesk();
        opened.push(desk.feed());
        this.web = startWeb(settings.http(), opened);
        opened.push(web);
        this.watch = settings.watchFiles() ? new ConfigurationWatch(List.of(settings.directory(),
                settings.flowsDirectory()), 500, () -> configAudit.fileChange(activation::fileChange)) : null;
        if (watch != null) {
            opened.push(watch);
        }
        ServerSettings.HttpListeners http = settings.http();
        LOG.info("acd server up: AGI on {}:{}, {}, {}, metrics on http://{}:{}/metrics, admin on http://{}:{}",
                agiAt.host(), agi.port(), settings.asterisks(), settings.database(), http.publicListener().host(),
                web.publicPort(), http.adminListener().host(), web.adminPort());
    }

    /**
     * Starts a server with its start-up settings and the configuration to activate first; on failure everything
     * already started is closed again, newest first.
     */
    public static AcdServer start(ServerSettings settings, ConfigurationSnapshot configuration) throws Exception {
        return start(settings, configuration, Clock.systemUTC());
    }

    /**
     * A server whose every time (routing, records, callbacks, flows' opening hours, the agent-state history and the
     * reports' "now") comes from {@code clock}: tests drive a scripted day with a clock they move.
     */
    public static AcdServer start(ServerSettings settings, ConfigurationSnapshot configuration, Clock clock)
            throws Exception {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return new AcdServer(settings, configuration, clock, opened);
        } catch (Exception | Error e) {
            for (AutoCloseable c : opened) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    /**
     * The agent desktops: a feed that compares the routing state every 100 ms and pushes each agent's changes to
     * their open pages, state changes that go to the core, and wrap-ups stored next to the interaction records.
     */
    private AgentDesk agentDesk() {
        DesktopFeed feed = new DesktopFeed(core::snapshot, registry::get, dialer::ringing, active,
                System::currentTimeMillis, Duration.ofMillis(100), core::queueStatus);
        feed.bindTo(meters);
        return new AgentDesk(feed, new CoreAgentCommands(core), StateJournal.logged(),
                new WrapUpStore(database.dataSource())::store, new CustomerTimeline(database.dataSource())::page,
                accounts.policy(), active, jdbc);
    }

    /** The HTTP listeners, and what each route asks of this server (the route table is {@link Routes}). */
    private WebServer startWeb(ServerSettings.HttpListeners listeners, Deque<AutoCloseable> opened) {
        this.routes = Routes.of(
                new MetricsEndpoints(meters::scrape, this::health),
                new RoutingViewEndpoint(core::snapshot, links::phones),
                DecisionsEndpoint.async(core::decisions),
                new ConfigurationEndpoints(activation.byUser(), this::rollback, configAudit::state, audit),
                new CallbackEndpoints(new CallbackCommands(callbacks::find, callbacks::cancel,
                        callbacks::reschedule), audit),
                accounts, audit, settings.auth().secureCookies(),
                new AgentDesktopEndpoints(desk, new CallControl(registry, core, active)),
                new ReportEndpoints(this::report, () -> active.get().kpi().timeZone()),
                new LiveEndpoint(() -> LiveView.of(queueGauges.latest(), agentStateLog.current(), clock.instant())),
                SupervisorBoards.wallboard(core, agentStateLog, this::report, database, jdbc, active, clock, opened))
                .with(Supervision.withSpying(AdminConsole.withConsole(AdminApi.routes(this, activation, configAudit,
                        scripts), active, activation::reload, flowVersions, database.dataSource(), audit), links.home(),
                        accounts.policy(), audit, database.dataSource(), jdbc, active, clock));
        return WebServer.start(listeners, routes.publicRoutes(), routes.adminRoutes(),
                new AccessGate(accounts.logins()::identify));
    }

    private Health health() {
        return new Health(links.isConnected(), agi.activeSessions(), registry.size(), recorder.pending());
    }

    /** Completes, with the reason, if this server loses the routing lease it held. */
    public CompletableFuture<String> leaseLost() {
        return scaleOut.standby().lost();
    }

    /** An interval report, built on the JDBC executor with the active configuration's targets and members. */
    public CompletableFuture<Report> report(ReportRequest request) {
        return reports.runAsync(request, active.get(), jdbc);
    }

    /** Every agent's current activity, since when, as the agent-state history has it. */
    public Map<String, AgentStateLog.Current> agentStates() {
        return agentStateLog.current();
    }

    /** Why the call's agents were chosen: the routing decisions kept for it, oldest first. */
    public List<RoutingDecision> decisionsFor(String callId) {
        return core.decisionsNow(callId);
    }

    public int agiPort() {
        return agi.port();
    }

    /** The route table the listeners serve. */
    public Routes routes() {
        return routes;
    }

    /** Users, sessions, tokens and who may do what. */
    public Accounts accounts() {
        return accounts;
    }

    /** The audit log. */
    public Audit audit() {
        return audit;
    }

    /** The public HTTP listener's port: metrics and health. */
    public int publicPort() {
        return web.publicPort();
    }

    /** The admin HTTP listener's port: views and commands. */
    public int adminPort() {
        return web.adminPort();
    }

    /** Takes, cancels and reschedules callbacks. */
    public CallbackDesk callbacks() {
        return callbacks;
    }

    public RoutingCore core() {
        return core;
    }

    /** The first Asterisk server's manager link (the only one of a single-server installation). */
    public AmiClient ami() {
        return links.home();
    }

    /** Every Asterisk server's manager link. */
    public AsteriskLinks links() {
        return links;
    }

    /** Whether the agents' SIP phones are registered and reachable (on the first Asterisk server). */
    public PhonePresence phones() {
        return links.homePhones();
    }


    public AgiServer agi() {
        return agi;
    }

    public Database database() {
        return database;
    }

    public InteractionRecorder recorder() {
        return recorder;
    }

    /** Stores the agent-state history. */
    public AgentStateRecorder agentStateRecorder() {
        return agentStates;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The active configuration: what calls start on now. */
    public ConfigurationSnapshot configuration() {
        return active.get();
    }

    /** The settings read at start. */
    public ServerSettings settings() {
        return settings;
    }

    /** Activates the edited configuration files as the next version: see {@link ConfigurationActivation}. */
    public String reload() throws InvalidConfigurationException {
        return activation.reload("reload");
    }

    /** Activates the flows active before the last activation: see {@link ConfigurationActivation}. */
    public String rollback() {
        return activation.rollback();
    }

    /** The audit of flow activations. */
    public FlowVersions flowVersions() {
        return flowVersions;
    }

    /** The flows calls start on now. */
    public Map<String, Flow> activeFlows() {
        return active.get().flows();
    }

    /**
     * Stops the server, losing no caller and no record. New calls are refused at once (Asterisk's {@code AGI()}
     * fails, and its dialplan goes on to {@code acd-fallback}); no callback is dialed any more. Every caller in a
     * flow or a queue is handed back to the dialplan, which sends them to {@code acd-fallback}, waiting up to
     * {@value CallerHandBack#HAND_BACK_SECONDS} s for prompts that are playing and agents' phones that ring (an agent who answers
     * keeps the call). Calls bridged to an agent are left alone: Asterisk keeps the bridge when the AGI sessions
     * close. Then every call's record is handed to the recorder, which writes or spools them all before the database
     * closes.
     */
    @Override
    public void close() {
        closeQuietly(watch);
        agi.stopAccepting();
        dialer.close();
        scaleOut.freeze();
        CallerHandBack handBack = new CallerHandBack(scripts, CallerHandBack.HAND_BACK_SECONDS,
                CallerHandBack.RECORDS_SECONDS);
        handBack.handBackCallers();
        closeQuietly(agi);
        handBack.awaitRecords();
        closeQuietly(web);
        closeQuietly(links);
        closeQuietly(core);
        // After the core, so that no change follows: every agent's last state ends now, not at the next start.
        agentStateLog.signOutAll();
        closeQuietly(scaleOut);
        jdbc.shutdown();
        try {
            // Let store writes in hand (a callback's outcome) finish before the pool closes.
            jdbc.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(recorder);
        closeQuietly(agentStates);
        lookupPool.shutdownNow();
        closeQuietly(database);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
        }
    }
}
