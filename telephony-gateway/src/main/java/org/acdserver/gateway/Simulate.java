package org.acdserver.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowEnvironment;
import org.acdserver.flow.FlowSimulator;
import org.acdserver.flow.Lookups;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.JdbcLookups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a flow on the real engine against a scripted caller, with no telephone, and prints what happens; or, with
 * {@code --check}, runs the test cases flows carry. Look-ups go to the configured database (never migrated or
 * written to from here); with the embedded database configured there is none, and look-ups take their error branch.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a flow against a scripted caller and print the path, prompts, variables and queue.")
final class Simulate implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "the flow's name (with --check: all flows when absent)")
    String flow;

    @Option(names = "--config", defaultValue = "config", description = "configuration directory")
    Path config;

    @Option(names = "--keys", defaultValue = "", description = "the caller's keys, one entry per time the flow asks,"
            + " comma-separated; an empty entry is silence (1,,2)")
    String keys;

    @Option(names = "--caller", defaultValue = "", description = "the caller's number")
    String caller;

    @Option(names = "--time", description = "when the call happens, ISO instant (2026-11-24T09:30:00Z)")
    String time;

    @Option(names = "--queue-result", defaultValue = "connected",
            description = "how a queue step ends: connected, not_served or callback_accepted")
    String queueResult;

    @Option(names = "--check", description = "run the test cases the flows carry and report pass or fail")
    boolean check;

    @Option(names = "--database-url", description = "JDBC URL for look-ups (default: the configured database)")
    String databaseUrl;

    @Override
    public Integer call() throws Exception {
        return run(System.out, System.err);
    }

    int run(PrintStream out, PrintStream err) throws Exception {
        LoadedConfiguration loaded;
        try {
            loaded = new ConfigurationLoader().load(config);
        } catch (InvalidConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        }
        ConfigurationSnapshot c = loaded.configuration();
        ServerSettings.Database db = loaded.settings().database();
        String url = databaseUrl != null ? databaseUrl : db.embedded() ? null : db.url();
        HikariDataSource pool = null;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Lookups lookups = Lookups.NONE;
            if (url != null) {
                HikariConfig hc = new HikariConfig();
                hc.setPoolName("acd-simulate");
                hc.setJdbcUrl(url);
                hc.setUsername(databaseUrl != null ? null : db.username());
                hc.setPassword(databaseUrl != null ? null : db.password());
                hc.setMaximumPoolSize(2);
                hc.setConnectionTimeout(2_000);
                hc.setInitializationFailTimeout(-1);
                pool = new HikariDataSource(hc);
                lookups = new JdbcLookups(pool, () -> c.flowResources().queries(), executor);
            } else {
                out.println("note: no database configured; look-ups take their error branch");
            }
            FlowSimulator simulator = new FlowSimulator(new FlowEnvironment(c.flows(),
                    c.flowResources().schedules(), lookups, Clock.systemUTC()));
            return check ? check(simulator, c, out, err) : simulate(simulator, c, out, err);
        } finally {
            executor.shutdownNow();
            if (pool != null) {
                pool.close();
            }
        }
    }

    private int simulate(FlowSimulator simulator, ConfigurationSnapshot c, PrintStream out, PrintStream err)
            throws Exception {
        if (flow == null) {
            err.println("name the flow to simulate (known: " + String.join(", ", c.flows().keySet()) + ")");
            return 2;
        }
        Flow f = c.flows().get(flow);
        if (f == null) {
            err.println("no flow named " + flow + " (known: " + String.join(", ", c.flows().keySet()) + ")");
            return 2;
        }
        QueueResult qr;
        Instant at;
        try {
            qr = QueueResult.valueOf(queueResult.toUpperCase(Locale.ROOT).replace('-', '_'));
            at = time == null ? Instant.now() : Instant.parse(time);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("bad option: " + e.getMessage());
            return 2;
        }
        FlowSimulator.Transcript t = simulator.run(f, FlowSimulator.splitKeys(keys), caller, at, qr);
        out.println("flow " + f.name() + " (" + f.source() + "), caller " + (caller.isEmpty() ? "unknown" : caller)
                + ", at " + at);
        t.lines().forEach(l -> out.println("  " + l));
        out.println("queue reached: " + (t.queue() == null ? "none" : t.queue()));
        return 0;
    }

    private int check(FlowSimulator simulator, ConfigurationSnapshot c, PrintStream out, PrintStream err)
            throws Exception {
        List<Flow> flows = new ArrayList<>();
        if (flow != null) {
            Flow f = c.flows().get(flow);
            if (f == null) {
                err.println("no flow named " + flow);
                return 2;
            }
            flows.add(f);
        } else {
            flows.addAll(c.flows().values());
        }
        int passed = 0;
        int failed = 0;
        for (Flow f : flows) {
            for (FlowSimulator.TestResult r : simulator.check(f)) {
                if (r.passed()) {
                    passed++;
                    out.println("PASS " + f.name() + ": " + r.test().name());
                } else {
                    failed++;
                    out.println("FAIL " + f.name() + ": " + r.test().name() + " (" + f.source() + ":"
                            + r.test().at().line() + ")");
                    r.failures().forEach(x -> out.println("     " + x));
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
