package org.acdserver.load;

import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How soon a caller who enters a queue with a free agent has that agent's phone ringing, on a real Asterisk through
 * the {@code main} flow: the time from the queue step's start to Asterisk's {@code DialBegin}, both on Asterisk's own
 * timeline ({@link AgiTimeline}), and the AGI commands each call took.
 *
 * <p>Agents answer at once and talk {@code --talk} seconds; calls arrive every {@code --interval-ms}, so with the
 * defaults (at most about five calls at once for ten agents) an agent is always free and every call is dialed the
 * moment it joins the queue.
 */
@Command(name = "ring-latency", mixinStandardHelpOptions = true)
public final class RingLatency implements Callable<Integer> {

    private static final String PREFIX = "rl-";

    @Option(names = "--calls", defaultValue = "1000", description = "calls measured; the p99 of 1,000 is the"
            + " 11th-worst call, of 200 the 3rd-worst, of fewer than 100 the worst")
    int calls;

    @Option(names = "--agents", defaultValue = "30")
    int agents;

    @Option(names = "--interval-ms", defaultValue = "200", description = "time between two call arrivals")
    int intervalMillis;

    @Option(names = "--talk", defaultValue = "1", description = "seconds each agent talks")
    int talkSeconds;

    @Option(names = "--warmup", defaultValue = "300",
            description = "calls placed first and left out of the figures, so the server's code is compiled")
    int warmup;

    @Option(names = "--warmup-interval-ms", defaultValue = "60", description = "time between two warm-up calls")
    int warmupIntervalMillis;

    @Option(names = "--key-delay", defaultValue = "1",
            description = "seconds from the answer to the caller's menu key (1: during the menu's first prompt)")
    int keyDelaySeconds;

    @Option(names = "--timeline", description = "print each call's AGI commands and DialBegin, in ms from the "
            + "queue step's start")
    boolean printTimeline;

    @Option(names = "--config", defaultValue = "config")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RingLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfiguration base = new ConfigurationLoader(k -> null).load(config);
        List<AgentDefinition> agentList = LoadServer.localAgents("ring", agents, 3);
        int agiPort = AsteriskSandbox.freePort();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("ring")
                .withAgi("127.0.0.1", agiPort))) {
            ServerSettings settings = LoadServer.settings(base, sandbox, agiPort);
            ConfigurationSnapshot configuration = LoadServer.configuration(base, agentList);
            AgiTimeline timeline = new AgiTimeline(PREFIX);
            AmiClient watch = LoadServer.watch(sandbox, "call,agi", group);
            watch.addListener(timeline);
            try (AcdServer server = AcdServer.start(settings, configuration); watch) {
                watch.start().get(30, TimeUnit.SECONDS);
                LoadServer.awaitManager(server);
                InteractionQueries queries = new InteractionQueries(server.database().dataSource());
                List<String> ids = new ArrayList<>();
                for (int i = 1 - warmup; i <= calls; i++) {
                    String id = i > 0 ? String.format(PREFIX + "%07d", i) : String.format("warm-%07d", -i);
                    ManagerAction originate = new SimulatedCaller("555" + String.format("%04d", i + warmup),
                            i % 2 == 0 ? "2" : "1", keyDelaySeconds, 10, talkSeconds).originate(id);
                    server.ami().send(AmiAction.of(originate.name(), originate.headers()));
                    if (i > 0) {
                        ids.add(id + "-a");
                    }
                    if (i == 0) {
                        // The last warm-up calls end before the measured ones start, so they find agents free.
                        Thread.sleep(TimeUnit.SECONDS.toMillis(talkSeconds + 4));
                    }
                    Thread.sleep(i > 0 ? intervalMillis : warmupIntervalMillis);
                }
                int recorded = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                for (String id : ids) {
                    Optional<InteractionRecord> r = Optional.empty();
                    while (r.isEmpty() && System.nanoTime() < deadline) {
                        r = queries.byCallId(id);
                        if (r.isEmpty()) {
                            Thread.sleep(100);
                        }
                    }
                    recorded += r.isPresent() ? 1 : 0;
                }
                return report(timeline, ids, recorded);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private int report(AgiTimeline timeline, List<String> ids, int recorded) {
        List<Long> toDial = new ArrayList<>();
        List<Long> toDialCommand = new ArrayList<>();
        List<Long> dialToBegin = new ArrayList<>();
        List<Integer> commands = new ArrayList<>();
        for (String id : ids) {
            AgiTimeline.Channel c = timeline.channel(id);
            if (c == null) {
                continue;
            }
            commands.add(c.commandCount());
            if (printTimeline) {
                System.out.println(id + ": " + c.describe());
            }
            long micros = c.queueToDialMicros();
            if (micros >= 0) {
                toDial.add(micros);
                toDialCommand.add(c.queueToDialCommandMicros());
                dialToBegin.add(c.dialCommandToBeginMicros());
            }
        }
        commands.sort(null);
        System.out.printf("calls placed %d, recorded %d, agents %d, dialed %d%n", calls, recorded, agents,
                toDial.size());
        if (!toDial.isEmpty()) {
            print("queue step start -> DialBegin (Asterisk event times)", toDial);
            // The two parts: the server's reaction up to Asterisk reading the Dial, then Asterisk's own Dial.
            print("  of which queue step start -> EXEC Dial start (server)", toDialCommand);
            print("  of which EXEC Dial start -> DialBegin (Asterisk)", dialToBegin);
        }
        if (!commands.isEmpty()) {
            double mean = commands.stream().mapToInt(Integer::intValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "AGI commands per call: mean %.2f, median %d, min %d, max %d%n", mean,
                    NearestRank.of(commands, 0.5), commands.get(0), commands.get(commands.size() - 1));
            int n = commands.size();
            timeline.verbCounts(ids).forEach((verb, count) -> System.out.printf(Locale.ROOT,
                    "  %-22s %6.2f per call%n", verb, count / (double) n));
        }
        return toDial.isEmpty() ? 1 : 0;
    }

    private static void print(String what, List<Long> micros) {
        micros.sort(null);
        System.out.printf(Locale.ROOT, "%s, %d calls: median %.3f ms, p90 %.3f ms, p99 %.3f ms, min %.3f ms, "
                        + "max %.3f ms%n", what, micros.size(), ms(NearestRank.of(micros, 0.5)),
                ms(NearestRank.of(micros, 0.9)), ms(NearestRank.of(micros, 0.99)), ms(micros.get(0)),
                ms(micros.get(micros.size() - 1)));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
