package org.acdserver.gateway;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.InvalidConfigurationException;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code serve}, {@code demo}, {@code validate}, {@code simulate}, {@code reload} and
 * {@code rollback}.
 */
@Command(name = "acd-server", mixinStandardHelpOptions = true, version = "acd-server 0.1.0",
        description = "Telephony IVR and automatic call distribution server for Asterisk.",
        subcommands = {Main.Serve.class, Main.DemoCommand.class, Main.Validate.class, Main.Reload.class,
                Main.Rollback.class, Simulate.class,
                Main.Callback.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Posts an administrator's command to the running server and prints its answer; 0 when it succeeded. */
    static int post(LoadedConfiguration c, String path) throws Exception {
        ServerSettings.Endpoint http = commands(c);
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://" + http.host() + ":" + http.port() + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        (response.statusCode() == 200 ? System.out : System.err).print(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    static LoadedConfiguration load(Path dir) throws InvalidConfigurationException {
        return new ConfigurationLoader().load(dir);
    }

    /** The listener that serves the administrators' commands. */
    static ServerSettings.Endpoint commands(LoadedConfiguration c) {
        // The commands are still served beside /metrics; they move to the admin listener with the web layer.
        return c.settings().http().publicListener();
    }

    /** Runs the server until it is stopped. */
    @Command(name = "serve", description = "Run the server with the given configuration directory.")
    static final class Serve implements Callable<Integer> {
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
            stopped.await();
            return 0;
        }
    }

    /** Starts the Asterisk sandbox and the server, places simulated calls and reports. */
    @Command(name = "demo", description = "Run the server against a sandboxed Asterisk and place simulated calls.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @Option(names = "--calls", defaultValue = "20", description = "how many simulated calls to place")
        int calls;

        @Option(names = "--exit", description = "stop after the report instead of running until Ctrl-C")
        boolean exit;

        @Override
        public Integer call() throws Exception {
            LoadedConfiguration loaded = load(config);
            return new Demo(loaded.settings(), loaded.configuration(), calls, !exit).run();
        }
    }

    /** Asks a running server to activate its edited configuration files. */
    @Command(name = "reload", description = "Make the running server activate its edited queues, agents and flows.")
    static final class Reload implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @Override
        public Integer call() throws Exception {
            return post(load(config), "/reload");
        }
    }

    /** Asks a running server to activate the flows that were active before the last activation. */
    @Command(name = "rollback", description = "Make the running server go back to the previous flow version.")
    static final class Rollback implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @Override
        public Integer call() throws Exception {
            return post(load(config), "/rollback");
        }
    }

    /** Cancels, reschedules or shows a pending callback on a running server. */
    @Command(name = "callback", description = "Cancel, reschedule or show a callback on the running server.")
    static final class Callback implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "config", description = "configuration directory")
        Path config;

        @CommandLine.Parameters(index = "0", description = "cancel, reschedule or show")
        String action;

        @CommandLine.Parameters(index = "1", description = "the callback id")
        String id;

        @Option(names = "--at", description = "reschedule: when, as an ISO instant (2026-05-04T09:30:00Z);"
                + " without it, as soon as the queue is open")
        String at;

        @Override
        public Integer call() throws Exception {
            if (!java.util.Set.of("cancel", "reschedule", "show").contains(action)) {
                System.err.println("unknown action '" + action + "': use cancel, reschedule or show");
                return 2;
            }
            ServerSettings.Endpoint http = commands(load(config));
            String query = "?id=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                    + (at == null ? "" : "&at=" + java.net.URLEncoder.encode(at, java.nio.charset.StandardCharsets.UTF_8));
            String path = action.equals("show") ? "/callbacks" : "/callbacks/" + action;
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + http.host() + ":"
                    + http.port() + path + query));
            if (!action.equals("show")) {
                request.POST(java.net.http.HttpRequest.BodyPublishers.noBody());
            }
            var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            (response.statusCode() == 200 ? System.out : System.err).print(response.body());
            return response.statusCode() == 200 ? 0 : 1;
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
                        loaded.warnings().isEmpty() ? "" : ", " + loaded.warnings().size() + " warnings (logged above)");
                return 0;
            } catch (InvalidConfigurationException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
