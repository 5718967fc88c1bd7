package org.acdserver.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.acdserver.core.RoutingCore;
import java.util.List;
import java.util.Optional;
import org.acdserver.gateway.agent.AgentCodeScript;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiServer;
import org.acdserver.gateway.agi.AgiServerSettings;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.call.AmiCallEvents;
import org.acdserver.gateway.callback.CallbackDesk;
import org.acdserver.gateway.callback.CallbackDialer;
import org.acdserver.gateway.callback.CallbackHttp;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.DialWitness;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.call.CallRegistry;
import org.acdserver.gateway.call.CallServices;
import org.acdserver.gateway.call.FlowScripts;
import org.acdserver.gateway.call.GatewayRoutingPort;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.ServerConfiguration;
import org.acdserver.gateway.http.MetricsHttpServer;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process: the FastAGI server, the AMI client, the routing core, persistence and the metrics endpoint,
 * wired together and closed in reverse order.
 *
 * <p>Threads: one Netty boss thread, a small pool of Netty workers shared by AGI sessions, the AMI connection and
 * HTTP; the routing core's single consumer thread; and the record writer. No thread per call.
 */
public final class AcdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcdServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<ServerConfiguration> current;
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
    private final AmiClient ami;
    private final AmiCallEvents amiEvents;
    private final MetricsHttpServer http;
    private final java.util.concurrent.ExecutorService lookupPool;
    private final org.acdserver.gateway.store.FlowVersions flowVersions;
    private final org.acdserver.gateway.config.ConfigurationWatch watch;
    private final java.util.concurrent.ExecutorService jdbc;
    private final CallbackDesk callbacks;

    private AcdServer(ServerConfiguration configuration, Deque<AutoCloseable> opened) throws Exception {
        this.current = new AtomicReference<>(configuration);
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("acd-agi-accept", true));
        opened.push(() -> boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        this.workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("acd-io", true));
        opened.push(() -> workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        ServerConfiguration.Database db = configuration.database();
        this.database = Database.open(new DatabaseSettings(db.embedded() ? null : db.url(), db.username(),
                db.password(), 4, db.dataDirectory(), 0));
        opened.push(database);
        this.recorder = new InteractionRecorder(database.dataSource(), db.spoolDirectory());
        opened.push(recorder);
        recorder.bindTo(meters);
        this.registry = new CallRegistry();
        this.jdbc = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        opened.push(jdbc::shutdownNow);
        AtomicReference<RoutingCore> coreRef = new AtomicReference<>();
        AtomicReference<CallbackDialer> dialerRef = new AtomicReference<>();
        this.port = new GatewayRoutingPort(registry, coreRef::get, d -> dialerRef.get().dial(d));
        this.core = new RoutingCore(configuration.routing(), port, System::currentTimeMillis);
        coreRef.set(core);
        opened.push(core);
        workers.next().scheduleAtFixedRate(core::tick, 250, 250, TimeUnit.MILLISECONDS);

        ServerConfiguration.Ami amiAt = configuration.ami();
        this.ami = new AmiClient(new AmiSettings(amiAt.host(), amiAt.port(), amiAt.username(), amiAt.secret(),
                Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5)), workers);
        this.amiEvents = new AmiCallEvents(registry, core, configuration.routing());
        ami.addListener(amiEvents);
        opened.push(ami);

        this.callbacks = new CallbackDesk(new CallbackStore(database.dataSource()), core,
                () -> current.get().callbacks(), jdbc, new CallbackMetrics(meters), Clock.systemUTC());
        CallbackDialer dialer = new CallbackDialer(callbacks, core, ami, jdbc, workers, recorder, Clock.systemUTC());
        dialerRef.set(dialer);
        // Before any call arrives, so that pending callbacks are ahead of every new caller.
        callbacks.reload();
        // Dials claimed before this start wait in 'dialing' until the manager is up to say whether they started.
        DialWitness witness = new DialWitness(callbacks, ami, jdbc);
        witness.load();
        ami.addListener(witness);

        this.callMetrics = new CallMetrics(meters);
        callMetrics.useServiceLevels(configuration.serviceLevels());
        CallServices services = new CallServices(core, registry, callMetrics, recorder,
                Clock.systemUTC(), "default", callbacks);
        // Blocking JDBC of look-ups and voicemail: a small bounded pool, never the event loops. A full queue fails
        // the look-up at once, which sends the call down its error branch instead of making it wait.
        this.lookupPool = new java.util.concurrent.ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1_000), new DefaultThreadFactory("acd-lookup", true));
        opened.push(lookupPool::shutdownNow);
        org.acdserver.flow.Lookups lookups = new org.acdserver.gateway.store.JdbcLookups(database.dataSource(),
                () -> current.get().flowResources().queries(), lookupPool);
        this.flowVersions = new org.acdserver.gateway.store.FlowVersions(database.dataSource());
        this.scripts = new FlowScripts(new org.acdserver.flow.FlowEnvironment(configuration.flows(),
                configuration.flowResources().schedules(), lookups, Clock.systemUTC()), services,
                new org.acdserver.gateway.store.VoicemailBox(database.dataSource(), lookupPool));
        recordActivation(configuration.flows(), "startup (" + System.getProperty("user.name", "?") + ")");
        ServerConfiguration.Endpoint agiAt = configuration.agi();
        AgentCodeScript agentCodes = new AgentCodeScript(configuration.agentCodes(), core, () -> current.get().routing());
        AgiScriptResolver resolver = name -> AgentCodeScript.NAME.equals(name) ? Optional.of(agentCodes)
                : CallbackDialer.SCRIPT.equals(name) ? Optional.of(dialer) : scripts.resolve(name);
        this.agi = new AgiServer(AgiServerSettings.defaults(agiAt.host(), agiAt.port()), resolver, boss, workers);
        opened.push(agi);
        agi.start();
        // Not awaited: calls are served over AGI even while Asterisk's manager is unreachable.
        ami.start();

        Gauge.builder("acd.agi.sessions", agi, AgiServer::activeSessions).register(meters);
        Gauge.builder("acd.calls.in.queue", registry, CallRegistry::size).register(meters);
        Gauge.builder("acd.records.pending", recorder, r -> r.pending()).register(meters);
        this.http = new MetricsHttpServer(configuration.http().host(), configuration.http().port(), meters,
                this::health, this::routingJson, this::decisionsJson, this::reload, this::rollback,
                new CallbackHttp(callbacks), workers);
        this.watch = configuration.watchFiles() ? new org.acdserver.gateway.config.ConfigurationWatch(List.of(
                configuration.directory(), configuration.flowsDirectory()), 500, () -> reload("file change")) : null;
        if (watch != null) {
            opened.push(watch);
        }
        LOG.info("acd server up: AGI on {}:{}, manager {}, {}, metrics on http://{}:{}/metrics",
                agiAt.host(), agi.port(), amiAt, db, configuration.http().host(), http.port());
    }

    /** Starts a server; on failure everything already started is closed again, newest first. */
    public static AcdServer start(ServerConfiguration configuration) throws Exception {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return new AcdServer(configuration, opened);
        } catch (Exception | Error e) {
            for (AutoCloseable c : opened) {
                closeQuietly(c);
            }
            throw e;
        }
    }

    private String health() {
        return "{\"ami\":" + ami.isConnected() + ",\"agiSessions\":" + agi.activeSessions()
                + ",\"callsInQueue\":" + registry.size() + ",\"recordsPending\":" + recorder.pending() + "}";
    }

    private CompletableFuture<String> routingJson() {
        return core.snapshot().thenApply(snapshot -> {
            try {
                return JSON.writeValueAsString(snapshot);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private String decisionsJson(String callId) {
        try {
            return JSON.writeValueAsString(port.decisionsFor(callId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why the call's agents were chosen: every routing decision made for it. */
    public java.util.List<org.acdserver.core.RoutingDecision> decisionsFor(String callId) {
        return port.decisionsFor(callId);
    }

    public int agiPort() {
        return agi.port();
    }

    public int httpPort() {
        return http.port();
    }

    /** Takes, cancels and reschedules callbacks. */
    public CallbackDesk callbacks() {
        return callbacks;
    }

    public RoutingCore core() {
        return core;
    }

    public AmiClient ami() {
        return ami;
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

    public ServerConfiguration configuration() {
        return current.get();
    }

    /**
     * Reads the configuration directory again and activates its queues, agents and flows. Waiting calls keep their
     * places, agents keep their states, and calls in progress finish on the flow they started with. Service-level
     * targets apply to calls that leave their queue from now on. An invalid
     * configuration is rejected with its file and line, and the running one stays. Listener addresses and the
     * database are read at start-up only.
     *
     * @return a one-line report
     * @throws InvalidConfigurationException when the files are invalid
     */
    public String reload() throws InvalidConfigurationException {
        return reload("reload");
    }

    /** A reload, recorded as activated by {@code who}. Reloads and rollbacks run one at a time. */
    private synchronized String reload(String who) throws InvalidConfigurationException {
        ServerConfiguration old = current.get();
        ServerConfiguration fresh = new ConfigurationLoader().load(old.directory());
        ServerConfiguration next = old.withRouting(fresh.routing()).withFlows(fresh.flows())
                .withServiceLevels(fresh.serviceLevels()).withFlowResources(fresh.flowResources())
                .withCallbacks(fresh.callbacks());
        current.set(next);
        callMetrics.useServiceLevels(next.serviceLevels());
        core.configure(next.routing());
        amiEvents.configure(next.routing());
        org.acdserver.flow.FlowEnvironment active = scripts.active();
        scripts.activate(new org.acdserver.flow.FlowEnvironment(next.flows(), next.flowResources().schedules(),
                active.lookups(), active.clock()));
        recordActivation(next.flows(), who);
        String report = String.format("reloaded %s: %d queues, %d agents, %d flows", old.directory(),
                next.routing().queues().size(), next.routing().agents().size(), next.flows().size());
        LOG.info(report);
        return report;
    }

    /**
     * Activates the flows that were active before the last activation; calls in progress finish on the version
     * they started with. The files are left as they are, so a later reload activates them again.
     *
     * @return a one-line report
     */
    public synchronized String rollback() {
        org.acdserver.flow.FlowEnvironment back = scripts.rollback();
        current.updateAndGet(c -> c.withFlows(back.flows()));
        recordActivation(back.flows(), "rollback");
        StringBuilder report = new StringBuilder("rolled back to the previous flow version:");
        back.flows().values().forEach(f -> report.append(' ').append(f.name()).append('@')
                .append(org.acdserver.gateway.store.FlowVersions.hash(f), 0, 12));
        LOG.info(report.toString());
        return report.toString();
    }

    /** The audit of flow activations. */
    public org.acdserver.gateway.store.FlowVersions flowVersions() {
        return flowVersions;
    }

    /** The flows calls start on now. */
    public java.util.Map<String, org.acdserver.flow.Flow> activeFlows() {
        return scripts.active().flows();
    }

    private void recordActivation(java.util.Map<String, org.acdserver.flow.Flow> flows, String who) {
        try {
            flowVersions.activated(flows.values(), who).forEach(a -> LOG.info("flow {} version {} ({}) activated by {}",
                    a.flow(), a.version(), a.contentHash().substring(0, 12), a.activatedBy()));
        } catch (java.sql.SQLException e) {
            // The flows are active either way; only the audit row is missing.
            LOG.error("flow activation not recorded: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(watch);
        closeQuietly(http);
        closeQuietly(agi);
        closeQuietly(ami);
        closeQuietly(core);
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
