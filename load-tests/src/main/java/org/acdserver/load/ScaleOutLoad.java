package org.acdserver.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.config.AsteriskServer;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskPair;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SipCallers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Calls per second that two Asterisk instances behind Kamailio serve against one, in the same run on the same
 * machine: one routing server over both sandboxes of an {@link AsteriskPair}; SIPp callers of the main flow (press 1,
 * sales) offered at a fixed rate, in rounds that alternate between Asterisk {@code a} alone (SIPp sends to it
 * directly) and both (SIPp sends to Kamailio). Agents are Local channels that answer and talk five seconds, present
 * on every Asterisk, so each call stays on the Asterisk it entered. A round reports the calls that reached the
 * server and were answered by an agent, and the rate: answered calls over the time from the round's first call to
 * its last answer.
 */
@Command(name = "scale-out-load", mixinStandardHelpOptions = true)
public final class ScaleOutLoad implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "40", description = "calls offered per second")
    double rate;

    @Option(names = "--seconds", defaultValue = "15", description = "how long each round offers calls")
    int seconds;

    @Option(names = "--rounds", defaultValue = "2", description = "rounds of each set-up, alternating")
    int rounds;

    @Option(names = "--agents", defaultValue = "400")
    int agents;

    @Option(names = "--warmup", defaultValue = "1", description = "uncounted rounds of each set-up first")
    int warmup;

    @Option(names = "--config", defaultValue = "config")
    Path config;

    private int numbers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScaleOutLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfiguration base = new ConfigurationLoader().load(config);
        List<AgentDefinition> agentList = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            agentList.add(new AgentDefinition(String.format("load%03d", i),
                    String.format("Local/load%03d@sim-agent/n", i), List.of("sales")));
        }
        Path data = Files.createTempDirectory("acd-scale-load");
        int agiPort = AsteriskSandbox.freePort();
        try (AsteriskPair pair = AsteriskPair.start("scaleload", agiPort, List.of(), List.of())) {
            ServerSettings settings = base.settings().toBuilder().agi("127.0.0.1", agiPort)
                    .publicHttp("127.0.0.1", 0).adminHttp("127.0.0.1", 0)
                    .asterisks(List.of(server("a", pair.a), server("b", pair.b)))
                    .database(new ServerSettings.Database("", "", "", data.resolve("postgres"), data.resolve("spool")))
                    .build();
            ConfigurationSnapshot configuration = base.configuration().toBuilder()
                    .routing(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 5, 0,
                            SelectionStrategy.LONGEST_IDLE, 0)), agentList))
                    .build();
            try (AcdServer server = AcdServer.start(settings, configuration)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!(server.links().isConnected() && pair.kamailio.active(pair.a.sipPort())
                        && pair.kamailio.active(pair.b.sipPort())) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                InteractionQueries records = new InteractionQueries(server.database().dataSource());
                System.out.printf("offered %.1f calls/s for %d s per round, %d agents%n", rate, seconds, agents);
                // The first calls meet cold JITs and caches in the server and both instances: rounds of each,
                // printed but not to be counted.
                for (int w = 0; w < warmup; w++) {
                    round(records, pair, "warm-up, one", pair.a.sipPort());
                    round(records, pair, "warm-up, two", pair.kamailio.sipPort());
                }
                for (int r = 1; r <= rounds; r++) {
                    round(records, pair, "one Asterisk", pair.a.sipPort());
                    round(records, pair, "two behind Kamailio", pair.kamailio.sipPort());
                }
            }
        } finally {
            deleteTree(data);
        }
        return 0;
    }

    private void round(InteractionQueries records, AsteriskPair pair, String label, int sipPort) throws Exception {
        int n = (int) Math.round(rate * seconds);
        Set<String> numbersOfRound = new HashSet<>();
        List<SipCallers.Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = String.format("5%09d", ++numbers);
            numbersOfRound.add(number);
            calls.add(SipCallers.Call.pressing(number, Duration.ofMillis(300), "1", Duration.ofSeconds(30)));
        }
        Instant started = Instant.now();
        int sippExit;
        String sippErrors;
        try (SipCallers callers = SipCallers.start(pair.a, sipPort, "100", calls, rate)) {
            sippExit = callers.awaitEnd(Duration.ofSeconds(seconds + 120L));
            sippErrors = callers.errors();
        }
        // This round's records (by the callers' numbers), once no more arrive.
        List<InteractionRecord> mine = List.of();
        for (int stable = 0; stable < 3; ) {
            Thread.sleep(1_000);
            List<InteractionRecord> now = records.all().stream()
                    .filter(r -> numbersOfRound.contains(r.callerNumber())).toList();
            stable = now.size() == mine.size() ? stable + 1 : 0;
            mine = now;
        }
        List<Instant> answers = mine.stream().filter(r -> r.outcome() == InteractionOutcome.ANSWERED)
                .map(InteractionRecord::answeredAt).sorted(Comparator.naturalOrder()).toList();
        long onA = mine.stream().filter(r -> r.callId().startsWith("a-")).count();
        long onB = mine.stream().filter(r -> r.callId().startsWith("b-")).count();
        double span = answers.isEmpty() ? 0
                : Duration.between(started, answers.get(answers.size() - 1)).toMillis() / 1000.0;
        System.out.printf("%-20s offered %d, reached the server %d (a %d, b %d), answered by an agent %d (%.1f%%),"
                        + " %.1f answered calls/s (first call to last answer), SIPp exit %d%n", label, n, mine.size(),
                onA, onB, answers.size(), 100.0 * answers.size() / n, span > 0 ? answers.size() / span : 0.0,
                sippExit);
        if (sippExit != 0 && !sippErrors.isBlank()) {
            String[] lines = sippErrors.strip().split("\n");
            System.out.printf("  SIPp: %s%n", lines[lines.length - 1]);
        }
    }

    private static AsteriskServer server(String name, AsteriskSandbox s) {
        return new AsteriskServer(name, new ServerSettings.Ami(s.amiHost(), s.amiPort(), s.amiUser(), s.amiSecret()),
                null);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
