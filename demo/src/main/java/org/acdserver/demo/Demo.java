package org.acdserver.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: a sandboxed Asterisk, the server on an embedded PostgreSQL, a batch of simulated callers choosing sales
 * or support (some hang up while they wait), and a report read back from the interaction records.
 */
public final class Demo {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final ServerSettings settings;
    private final ConfigurationSnapshot configuration;
    private final int calls;
    private final boolean keepRunning;

    public Demo(ServerSettings settings, ConfigurationSnapshot configuration, int calls, boolean keepRunning) {
        this.settings = settings;
        this.configuration = configuration;
        this.calls = calls;
        this.keepRunning = keepRunning;
    }

    public int run() throws Exception {
        int agiPort = settings.agi().port();
        // Agents with a SIP phone in agents.yaml get a PJSIP endpoint: a softphone can register there.
        AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("demo")
                .withAgi("127.0.0.1", agiPort)
                .withPhones(configuration.phones().values().stream()
                        .map(p -> new SipAccount(p.sipUser(), p.requirePassword())).toList()));
        AcdServer server = null;
        try {
            server = AcdServer.start(settings.toBuilder().ami(new ServerSettings.Ami(sandbox.amiHost(),
                    sandbox.amiPort(), sandbox.amiUser(), sandbox.amiSecret())).build(), configuration);
            awaitManager(server);
            Instant since = Instant.now();
            placeCalls(server);
            InteractionQueries queries = new InteractionQueries(server.database().dataSource());
            awaitRecords(queries, since);
            printReport(queries.summary(since), server, sandbox, keepRunning);
            if (keepRunning) {
                AcdServer running = server;
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    running.close();
                    sandbox.close();
                    stopped.countDown();
                }, "acd-demo-shutdown"));
                server = null;
                stopped.await();
            }
            return 0;
        } finally {
            if (server != null) {
                server.close();
                sandbox.close();
            }
        }
    }

    private static void awaitManager(AcdServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.ami().isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Asterisk manager did not accept the server's login in 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** Callers arrive about one a second; a quarter of them give up after a few seconds in the queue. */
    private void placeCalls(AcdServer server) throws InterruptedException {
        Random random = new Random(42);
        // The database outlives the demo: ids unique to this run (and of one length) keep earlier runs' records apart.
        String run = String.format("%08x", System.currentTimeMillis() / 1000);
        for (int i = 1; i <= calls; i++) {
            boolean impatient = random.nextInt(4) == 0;
            SimulatedCaller caller = new SimulatedCaller(String.format("55501%02d", i % 100),
                    random.nextBoolean() ? "1" : "2", 1, impatient ? 4 : 90, 4 + random.nextInt(5));
            ManagerAction originate = caller.originate(String.format("demo-%s-%06d", run, i));
            server.ami().send(AmiAction.of(originate.name(), originate.headers())).whenComplete((r, err) -> {
                if (err != null) {
                    LOG.warn("simulated call could not be placed: {}", err.toString());
                }
            });
            Thread.sleep(800 + random.nextInt(400));
        }
    }

    private void awaitRecords(InteractionQueries queries, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (queries.summary(since).offered() < calls && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    private static void printReport(InteractionQueries.Summary s, AcdServer server, AsteriskSandbox sandbox,
                                    boolean keepRunning) {
        Path logs = Path.of(System.getenv().getOrDefault("ACD_LOG_DIR", "run/logs"), "acd-server.log");
        System.out.println();
        System.out.println("=== demo report ===");
        System.out.printf("calls offered:   %d%n", s.offered());
        System.out.printf("answered:        %d%n", s.answered());
        System.out.printf("abandoned:       %d%n", s.abandoned());
        System.out.printf("average wait:    %.1f s (answered calls)%n", s.averageWaitSeconds());
        System.out.println();
        String publicHost = server.settings().http().publicListener().host();
        String adminHost = server.settings().http().adminListener().host();
        System.out.printf("metrics: http://%s:%d/metrics   health: http://%s:%d/health%n",
                publicHost, server.publicPort(), publicHost, server.publicPort());
        System.out.printf("admin:   http://%s:%d/   (log in; a user: bin/acd-server user add NAME --role admin)%n",
                adminHost, server.adminPort());
        System.out.printf("logs:    %s (server), %s (Asterisk)%n", logs.toAbsolutePath(), sandbox.logFile());
        if (!sandbox.phones().isEmpty()) {
            System.out.printf("SIP:     agents' phones register at 127.0.0.1:%d (UDP): %s%n", sandbox.sipPort(),
                    String.join(", ", sandbox.phones().stream().map(SipAccount::user).toList()));
        }
        if (keepRunning) {
            System.out.println("The server keeps running; press Ctrl-C to stop it and the Asterisk sandbox.");
        }
        System.out.flush();
    }

}
