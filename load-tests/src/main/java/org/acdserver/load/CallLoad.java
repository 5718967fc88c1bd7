package org.acdserver.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whole calls on a real Asterisk: starts the sandbox and the server, places simulated callers through the IVR to
 * simulated agents, and reports the time from "agent answered" to "caller bridged" as Asterisk stamped the
 * {@code DialEnd} and {@code BridgeEnter} events, plus the queue wait of every call.
 */
@Command(name = "call-load", mixinStandardHelpOptions = true)
public final class CallLoad implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "100")
    int calls;

    @Option(names = "--agents", defaultValue = "10")
    int agents;

    @Option(names = "--interval-ms", defaultValue = "300", description = "time between two call arrivals")
    int intervalMillis;

    @Option(names = "--talk", defaultValue = "2", description = "seconds each agent talks")
    int talkSeconds;

    @Option(names = "--config", defaultValue = "config")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CallLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfiguration base = new ConfigurationLoader().load(config);
        List<AgentDefinition> agentList = LoadServer.localAgents("load", agents, 3);
        int agiPort = AsteriskSandbox.freePort();
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("load")
                .withAgi("127.0.0.1", agiPort))) {
            ServerSettings settings = LoadServer.settings(base, sandbox, agiPort);
            ConfigurationSnapshot configuration = LoadServer.configuration(base, agentList);
            try (AcdServer server = AcdServer.start(settings, configuration)) {
                LoadServer.awaitManager(server);
                BridgeTimes bridgeTimes = new BridgeTimes();
                server.ami().addListener(bridgeTimes);
                InteractionQueries queries = new InteractionQueries(server.database().dataSource());
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= calls; i++) {
                    String id = String.format("ld-%07d", i);
                    ManagerAction originate = new SimulatedCaller("555" + String.format("%04d", i),
                            i % 2 == 0 ? "2" : "1", 1, 120, talkSeconds).originate(id);
                    server.ami().send(AmiAction.of(originate.name(), originate.headers()));
                    ids.add(id + "-a");
                    Thread.sleep(intervalMillis);
                }
                List<InteractionRecord> done = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                for (String id : ids) {
                    Optional<InteractionRecord> r = Optional.empty();
                    while (r.isEmpty() && System.nanoTime() < deadline) {
                        r = queries.byCallId(id);
                        if (r.isEmpty()) {
                            Thread.sleep(200);
                        }
                    }
                    r.ifPresent(done::add);
                }
                report(bridgeTimes, done);
                // A call without its record was lost somewhere: the run failed, whatever its figures.
                return done.size() == ids.size() ? 0 : 1;
            }
        }
    }

    private void report(BridgeTimes bridgeTimes, List<InteractionRecord> done) {
        List<Double> bridge = bridgeTimes.millis();
        List<Double> waits = new ArrayList<>();
        long answered = done.stream().filter(r -> r.outcome() == InteractionOutcome.ANSWERED).count();
        done.stream().filter(r -> r.waitSeconds() != null).forEach(r -> waits.add(r.waitSeconds()));
        Collections.sort(waits);
        System.out.printf("calls placed %d, recorded %d, answered %d, agents %d%n", calls, done.size(), answered,
                agents);
        if (!bridge.isEmpty()) {
            System.out.printf("agent answered -> caller bridged (Asterisk event times), %d calls: median %.3f ms, "
                            + "p90 %.3f ms, max %.3f ms%n", bridge.size(), bridge.get(bridge.size() / 2),
                    bridge.get((int) (bridge.size() * 0.9)), bridge.get(bridge.size() - 1));
        }
        if (!waits.isEmpty()) {
            System.out.printf("queue wait: median %.2f s, max %.2f s%n", waits.get(waits.size() / 2),
                    waits.get(waits.size() - 1));
        }
    }
}
