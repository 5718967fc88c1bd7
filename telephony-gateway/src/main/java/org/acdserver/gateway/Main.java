package org.acdserver.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line: {@code serve}, {@code validate}, {@code simulate}, and the commands sent to a running server
 * with an admin token ({@code reload}, {@code rollback}, {@code callback}, {@code user}, {@code token},
 * {@code audit}, {@code report}). The demo has its own command in the demo module.
 */
@Command(name = "acd-server", mixinStandardHelpOptions = true, version = "acd-server 0.1.0",
        description = "Telephony IVR and automatic call distribution server for Asterisk.",
        subcommands = {Main.Serve.class, Main.Validate.class, Main.Reload.class,
                Main.Rollback.class, Simulate.class,
                Main.Callback.class, UserCommand.class, TokenCommand.class, AuditCommand.class,
                Main.Report.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static LoadedConfiguration load(Path dir) throws InvalidConfigurationException {
        return new ConfigurationLoader().load(dir);
    }


    /** Runs the server until it is stopped. */
    @Command(name = "serve", description = "Run the server with the given configuration directory.")
    static final class Serve implements Callable<Integer> {
        /** The exit status of a server that lost the routing lease to its standby. */
        static final int LEASE_LOST = 3;

        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @Override
        public Integer call() throws Exception {
            LoadedConfiguration loaded = load(config);
            AcdServer server = AcdServer.start(loaded.settings(), loaded.configuration());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "acd-shutdown"));
            // A server that lost the routing lease has handed its calls over; it exits, to be started again as the
            // standby (by systemd's Restart=, for example).
            server.leaseLost().thenRun(() -> System.exit(LEASE_LOST));
            stopped.await();
            return 0;
        }
    }

    /** Asks a running server to activate its edited configuration files. */
    @Command(name = "reload", description = "Make the running server activate its edited queues, agents and flows.")
    static final class Reload implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            return admin.client().post("/reload");
        }
    }

    /** Asks a running server to activate the flows that were active before the last activation. */
    @Command(name = "rollback", description = "Make the running server go back to the previous flow version.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            return admin.client().post("/rollback");
        }
    }

    /** Cancels, reschedules or shows a pending callback on a running server. */
    @Command(name = "callback", description = "Cancel, reschedule or show a callback on the running server.")
    static final class Callback implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @CommandLine.Parameters(index = "0", description = "cancel, reschedule or show")
        String action;

        @CommandLine.Parameters(index = "1", description = "the callback id")
        String id;

        @Option(names = "--at", description = "reschedule: when, as an ISO instant (2026-05-04T09:30:00Z);"
                + " without it, as soon as the queue is open")
        String at;

        @Override
        public Integer call() throws Exception {
            if (!Set.of("cancel", "reschedule", "show").contains(action)) {
                System.err.println("unknown action '" + action + "': use cancel, reschedule or show");
                return 2;
            }
            String query = "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + (at == null ? "" : "&at=" + URLEncoder.encode(at, StandardCharsets.UTF_8));
            AdminClient client = admin.client();
            return action.equals("show") ? client.get("/callbacks" + query)
                    : client.post("/callbacks/" + action + query);
        }
    }

    /** Prints an interval report of the running server (its admin listener's {@code GET /reports}). */
    @Command(name = "report", description = "Print queue, call and agent measures per interval from the running"
            + " server.")
    static final class Report implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Option(names = "--from", required = true,
                description = "first day or time: 2026-03-02, 2026-03-02T08:00 (local) or an instant with Z")
        String from;

        @Option(names = "--to", required = true, description = "end (excluded), in the same forms")
        String to;

        @Option(names = "--queue", description = "one queue only")
        String queue;

        @Option(names = "--agent", description = "one agent only")
        String agent;

        @Option(names = "--interval", defaultValue = "15m", description = "15m, 1h or 1d")
        String interval;

        @Option(names = "--format", defaultValue = "table", description = "table, csv or json")
        String format;

        @Option(names = "--section", description = "csv: queues (the default), calls or agents (with --agent)")
        String section;

        @Option(names = "--zone", description = "time zone of hours and days (default: kpi.timeZone)")
        String zone;

        @Override
        public Integer call() throws Exception {
            StringBuilder query = new StringBuilder("/reports?");
            param(query, "from", from);
            param(query, "to", to);
            param(query, "interval", interval);
            param(query, "format", format);
            param(query, "queue", queue);
            param(query, "agent", agent);
            param(query, "section", section);
            param(query, "zone", zone);
            return admin.client().get(query.toString());
        }

        private static void param(StringBuilder query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.append(query.charAt(query.length() - 1) == '?' ? "" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** Checks the configuration and flows and reports every problem. */
    @Command(name = "validate", description = "Check the configuration directory and its flows.")
    static final class Validate implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @Override
        public Integer call() {
            try {
                LoadedConfiguration loaded = load(config);
                var c = loaded.configuration();
                System.out.printf("ok: %d queues, %d agents, %d flows%s%n", c.routing().queues().size(),
                        c.routing().agents().size(), c.flows().size(),
                        loaded.warnings().isEmpty() ? ""
                                : ", " + loaded.warnings().size() + " warnings (logged above)");
                return 0;
            } catch (InvalidConfigurationException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
