package org.acdserver.gateway;

import io.micrometer.core.instrument.FunctionCounter;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.gateway.agent.AgentCodeScript;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiServer;
import org.acdserver.gateway.agi.AgiServerSettings;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.asterisk.AsteriskLinks;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.call.CallbackIntake;
import org.acdserver.gateway.call.CallRegistry;
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
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ConfigurationWatch;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.http.CallbackCommands;
import org.acdserver.gateway.http.CallbackEndpoints;
import org.acdserver.gateway.http.ConfigurationEndpoints;
import org.acdserver.gateway.http.DecisionsEndpoint;
import org.acdserver.gateway.http.Health;
import org.acdserver.gateway.http.MetricsEndpoints;
import org.acdserver.gateway.http.Routes;
import org.acdserver.gateway.http.RoutingViewEndpoint;
import org.acdserver.gateway.http.WebServer;
import org.acdserver.gateway.standby.Standby;
import org.acdserver.gateway.standby.Takeover;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.FlowVersions;
import org.acdserver.gateway.store.InteractionRecorder;
import org.acdserver.gateway.store.JdbcLookups;
import org.acdserver.gateway.store.VoicemailBox;
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
    /**
     * The manager event classes the server asks for at login: system (FullyBooted, Shutdown, ContactStatus), call
     * (DialEnd, BridgeEnter, Hangup, DeviceStateChange) and user (the dialplan's Acd* user events). The manager user's
     * event filter in config/asterisk/manager.conf narrows these to the events by name.
     */
    private static final String AMI_EVENT_CLASSES = "system,call,user";
    /** How long a place restored by a takeover waits for its caller to come back. */
    private static final Duration RETURN_GRACE = Duration.ofSeconds(20);
    /** How long a shutdown waits for callers to be handed back: prompts playing, agents' phones ringing. */
    private static final long HAND_BACK_SECONDS = 20;
    /** How long a shutdown then waits for the calls' records to be in hand. */
    private static final long RECORDS_SECONDS = 5;

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
    private final Standby standby;
    private final WebServer web;
    private final ExecutorService lookupPool;
    private final FlowVersions flowVersions;
    private final ConfigurationWatch watch;
    private final ExecutorService jdbc;
    private final CallbackDesk callbacks;
    private final CallbackDialer dialer;

    private AcdServer(ServerSettings settings, ConfigurationSnapshot configuration, Deque<AutoCloseable> opened)
            throws Exception {
        this.settings = settings;
        this.active = new ActiveConfiguration(configuration);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("acd-agi-accept", true),
                NioIoHandler.newFactory());
        opened.push(() -> boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        this.workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("acd-io", true), NioIoHandler.newFactory());
        opened.push(() -> workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        ServerSettings.Database db = settings.database();
        this.database = Database.open(new DatabaseSettings(db.embedded() ? null : db.url(), db.username(),
                db.password(), 4, db.dataDirectory(), 0));
        opened.push(database);
        this.recorder = new InteractionRecorder(database.dataSource(), db.spoolDirectory());
        opened.push(recorder);
        recorder.bindTo(meters);
        this.registry = new CallRegistry();
        this.jdbc = Executors.newVirtualThreadPerTaskExecutor();
        opened.push(jdbc::shutdownNow);
        // Active/standby on a shared database, or alone; a standby rings nobody until it holds the lease.
        this.standby = Standby.of(settings.lease(), database.dataSource(), jdbc);
        opened.push(standby);
        standby.bindTo(meters);
        AtomicReference<RoutingCore> coreRef = new AtomicReference<>();
        AtomicReference<CallbackDialer> dialerRef = new AtomicReference<>();
        AtomicReference<AsteriskLinks> linksRef = new AtomicReference<>();
        // A caller's agent is dialed from the caller's Asterisk, across a trunk when the phone is on another one;
        // callbacks are placed from the first Asterisk.
        this.port = new GatewayRoutingPort(registry, coreRef::get, d -> {
            if (standby.mayRoute()) {
                dialerRef.get().dial(linksRef.get().reachFromHome(d));
            }
        }, d -> standby.mayRoute() ? linksRef.get().reach(d) : null, standby.places());
        this.core = new RoutingCore(configuration.routing(), port, System::currentTimeMillis);
        coreRef.set(core);
        opened.push(core);
        workers.next().scheduleAtFixedRate(core::tick, 250, 250, TimeUnit.MILLISECONDS);

        // One watched manager link per Asterisk server, each resynced on its own. Routing hears one availability
        // per agent: its device is free and its SIP phone, if any, is registered, on a server whose link is up.
        this.links = new AsteriskLinks(settings.asterisks(), AMI_EVENT_CLASSES, workers, registry,
                configuration.routing(), core::deviceAvailability);
        linksRef.set(links);
        links.bindTo(meters);
        opened.push(links);

        this.callbacks = new CallbackDesk(new CallbackStore(database.dataSource(), standby.fence()), core,
                () -> active.get().callbacks(), jdbc, new CallbackMetrics(meters), Clock.systemUTC());
        this.dialer = new CallbackDialer(callbacks, core, links.home(), jdbc, workers, recorder,
                Clock.systemUTC());
        dialerRef.set(dialer);
        DialWitness witness = new DialWitness(callbacks, links.home(), jdbc);
        if (!standby.enabled()) {
            // Before any call arrives, so that pending callbacks are ahead of every new caller.
            callbacks.reload();
            // Dials claimed before this start wait in 'dialing' until the manager is up to say whether they started.
            witness.load();
        }
        links.home().addListener(witness);

        this.callMetrics = new CallMetrics(meters);
        callMetrics.useServiceLevels(configuration.serviceLevels());
        CallServices services = new CallServices(CallRouting.of(core, standby.places()::entering), registry,
                callMetrics, recorder::record, Clock.systemUTC(), "default", CallbackIntake.of(callbacks));
        // Blocking JDBC of look-ups and voicemail: a small bounded pool, never the event loops. A full queue fails
        // the look-up at once, which sends the call down its error branch instead of making it wait.
        this.lookupPool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000), new DefaultThreadFactory("acd-lookup", true));
        opened.push(lookupPool::shutdownNow);
        this.flowVersions = new FlowVersions(database.dataSource());
        // A call runs on the snapshot it started with: its flows, schedules and queries.
        this.scripts = new FlowScripts(active, snapshot -> new FlowEnvironment(snapshot.flows(),
                snapshot.flowResources().schedules(), new JdbcLookups(database.dataSource(),
                        snapshot.flowResources()::queries, lookupPool), Clock.systemUTC()), services,
                new VoicemailBox(database.dataSource(), lookupPool), standby::resumeAt);
        recordActivation(configuration.flows(), "startup (" + System.getProperty("user.name", "?") + ")");
        ServerSettings.Endpoint agiAt = settings.agi();
        AgentCodeScript agentCodes = new AgentCodeScript(() -> active.get().agentCodes(), core,
                () -> active.get().routing(), standby.presence());
        AgiScriptResolver resolver = standby.lobby(name -> AgentCodeScript.NAME.equals(name)
                ? Optional.of(agentCodes) : CallbackDialer.SCRIPT.equals(name) ? Optional.of(dialer)
                : scripts.resolve(name));
        this.agi = new AgiServer(AgiServerSettings.defaults(agiAt.host(), agiAt.port()), resolver, boss, workers);
        opened.push(agi);
        agi.start();
        if (standby.enabled()) {
            standby.start(new Takeover(core, standby.placeBook(), standby.presence(), callbacks, new Takeover.Steps() {
                @Override
                public void loadClaimedDials() throws SQLException {
                    witness.load();
                }

                @Override
                public void startLinks() {
                    links.start();
                }

                @Override
                public void openDoors() {
                    standby.room().open();
                }
            }, workers, RETURN_GRACE, core::callerHungUp), this::stepDown);
        } else {
            // Not awaited: calls are served over AGI even while Asterisk's manager is unreachable.
            links.start();
        }

        Gauge.builder("acd.agi.sessions", agi, AgiServer::activeSessions).register(meters);
        FunctionCounter.builder("acd.agi.sessions.started", agi, AgiServer::sessionsStarted).register(meters);
        FunctionCounter.builder("acd.agi.sessions.rejected", agi, AgiServer::sessionsRejected)
                .description("connections closed for a bad request, an unknown script, a too-long line or a full server")
                .register(meters);
        Gauge.builder("acd.calls.in.queue", registry, CallRegistry::size).register(meters);
        Gauge.builder("acd.records.pending", recorder, r -> r.pending()).register(meters);
        this.web = startWeb(settings.http());
        opened.push(web);
        this.watch = settings.watchFiles() ? new ConfigurationWatch(List.of(settings.directory(),
                settings.flowsDirectory()), 500, () -> reload("file change")) : null;
        if (watch != null) {
            opened.push(watch);
        }
        ServerSettings.HttpListeners http = settings.http();
        LOG.info("acd server up: AGI on {}:{}, {}, {}, metrics on http://{}:{}/metrics, admin on http://{}:{}",
                agiAt.host(), agi.port(), settings.asterisks(), db, http.publicListener().host(), web.publicPort(),
                http.adminListener().host(), web.adminPort());
    }

    /**
     * Starts a server with its start-up settings and the configuration to activate first; on failure everything
     * already started is closed again, newest first.
     */
    public static AcdServer start(ServerSettings settings, ConfigurationSnapshot configuration) throws Exception {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return new AcdServer(settings, configuration, opened);
        } catch (Exception | Error e) {
            for (AutoCloseable c : opened) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    /** The HTTP listeners, and what each route asks of this server (the route table is {@link Routes}). */
    private WebServer startWeb(ServerSettings.HttpListeners listeners) {
        Routes routes = new Routes(
                new MetricsEndpoints(meters::scrape, this::health),
                new RoutingViewEndpoint(core::snapshot, links::phones),
                new DecisionsEndpoint(port::decisionsFor),
                new ConfigurationEndpoints(this::reload, this::rollback),
                new CallbackEndpoints(new CallbackCommands(callbacks::find, callbacks::cancel,
                        callbacks::reschedule)));
        return WebServer.start(listeners, routes.publicRoutes(), routes.adminRoutes());
    }

    private Health health() {
        return new Health(links.isConnected(), agi.activeSessions(), registry.size(), recorder.pending());
    }

    /**
     * The lease was lost (this server was paused or cut off, and the other one took over): it rings nobody any more
     * ({@link Standby#mayRoute}), ends its calls' AGI sessions, so that the dialplan takes the callers to the server
     * that routes now, and closes its manager links.
     */
    private void stepDown() {
        LOG.error("this server no longer routes: its calls go to the server that holds the lease now");
        closeQuietly(agi);
        closeQuietly(links);
    }

    /** Completes, with the reason, if this server loses the routing lease it held. */
    public CompletableFuture<String> leaseLost() {
        return standby.lost();
    }

    /** True while this server routes: always without a lease, else while it holds it. */
    public boolean routing() {
        return standby.mayRoute();
    }

    /** Why the call's agents were chosen: every routing decision made for it. */
    public List<RoutingDecision> decisionsFor(String callId) {
        return port.decisionsFor(callId);
    }

    public int agiPort() {
        return agi.port();
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

    /**
     * Reads the configuration directory again and activates it as the next configuration version, replacing the
     * active snapshot in one swap: queues, agents, skills, service levels, callbacks, agent codes, flows, schedules,
     * queries and sound directories. Waiting calls keep their places, agents keep their states, and calls in
     * progress finish on the snapshot they started with. Service-level targets apply to calls that leave their
     * queue from now on. An invalid configuration is rejected with its file, line and column, and the running one
     * stays. The {@link ServerSettings} (listeners, manager, database) are read at start-up only.
     *
     * @return a one-line report
     * @throws InvalidConfigurationException when the files are invalid
     */
    public String reload() throws InvalidConfigurationException {
        return reload("reload");
    }

    /** A reload, recorded as activated by {@code who}. Reloads and rollbacks run one at a time. */
    private synchronized String reload(String who) throws InvalidConfigurationException {
        ConfigurationSnapshot fresh = new ConfigurationLoader().configuration(settings);
        // The core takes its queues and agents first: a call that starts on the new flows is queued after them.
        core.configure(fresh.routing());
        links.configure(fresh.routing());
        ConfigurationSnapshot next = active.activate(fresh);
        callMetrics.useServiceLevels(next.serviceLevels());
        recordActivation(next.flows(), who);
        String report = String.format("reloaded %s: %d queues, %d agents, %d flows (configuration version %d)",
                settings.directory(), next.routing().queues().size(), next.routing().agents().size(),
                next.flows().size(), next.version());
        LOG.info(report);
        return report;
    }

    /**
     * Activates the flows that were active before the last activation, as a new configuration version; calls in
     * progress finish on the version they started with. The files are left as they are, so a later reload
     * activates them again.
     *
     * @return a one-line report
     */
    public synchronized String rollback() {
        ConfigurationSnapshot back = active.rollbackFlows();
        recordActivation(back.flows(), "rollback");
        StringBuilder report = new StringBuilder("rolled back to the previous flow version:");
        back.flows().values().forEach(f -> report.append(' ').append(f.name()).append('@')
                .append(FlowVersions.hash(f), 0, 12));
        report.append(" (configuration version ").append(back.version()).append(')');
        LOG.info(report.toString());
        return report.toString();
    }

    /** The audit of flow activations. */
    public FlowVersions flowVersions() {
        return flowVersions;
    }

    /** The flows calls start on now. */
    public Map<String, Flow> activeFlows() {
        return active.get().flows();
    }

    private void recordActivation(Map<String, Flow> flows, String who) {
        try {
            flowVersions.activated(flows.values(), who).forEach(a -> LOG.info("flow {} version {} ({}) activated by {}",
                    a.flow(), a.version(), a.contentHash().substring(0, 12), a.activatedBy()));
        } catch (SQLException e) {
            // The flows are active either way; only the audit row is missing.
            LOG.error("flow activation not recorded: {}", e.getMessage());
        }
    }

    /**
     * Stops the server, losing no caller and no record. New calls are refused at once (Asterisk's {@code AGI()}
     * fails, and its dialplan goes on to {@code acd-fallback}); no callback is dialed any more. Every caller in a
     * flow or a queue is handed back to the dialplan, which sends them to {@code acd-fallback}, waiting up to
     * {@value #HAND_BACK_SECONDS} s for prompts that are playing and agents' phones that ring (an agent who answers
     * keeps the call). Calls bridged to an agent are left alone: Asterisk keeps the bridge when the AGI sessions
     * close. Then every call's record is handed to the recorder, which writes or spools them all before the database
     * closes.
     */
    @Override
    public void close() {
        closeQuietly(watch);
        agi.stopAccepting();
        dialer.close();
        // Places stay as they are while the calls are handed back: a standby puts those callers back there.
        standby.freeze();
        handBackCallers();
        closeQuietly(agi);
        awaitRecords();
        closeQuietly(web);
        closeQuietly(links);
        closeQuietly(core);
        // Given up only once nothing here routes, so that the standby takes over at once.
        closeQuietly(standby);
        jdbc.shutdown();
        try {
            // Let store writes in hand (a callback's outcome) finish before the pool closes.
            jdbc.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(recorder);
        lookupPool.shutdownNow();
        closeQuietly(database);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Hands every caller not talking to an agent back to the dialplan, and waits for them (bounded). */
    private void handBackCallers() {
        FlowScripts.Shutdown handing = scripts.handBackAll();
        if (handing.calls() == 0) {
            return;
        }
        LOG.info("shutting down: handing {} calls back to the dialplan's fallback (calls talking to an agent stay)",
                handing.calls());
        try {
            handing.settled().get(HAND_BACK_SECONDS, TimeUnit.SECONDS);
            LOG.info("shutting down: every caller not talking to an agent is handed back");
        } catch (TimeoutException e) {
            LOG.warn("shutting down: {} calls still in a flow after {} s are closed now", scripts.liveCalls(),
                    HAND_BACK_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("shutting down: handing calls back failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) until every call's flow has ended and its record is with the recorder. */
    private void awaitRecords() {
        try {
            scripts.allRecorded().get(RECORDS_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("shutting down: {} calls have no record after {} s", scripts.liveCalls(), RECORDS_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("shutting down: waiting for records failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
