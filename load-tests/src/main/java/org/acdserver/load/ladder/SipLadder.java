package org.acdserver.load.ladder;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.acdserver.gateway.AcdServer;
import org.acdserver.load.LoadServer;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.load.PostgresCpu;
import org.acdserver.load.ProcessCpu;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SipCallers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whole SIP calls at rising rates, through the server and through Asterisk alone, on one Asterisk in one run. SIPp
 * callers ({@code config/sipp/caller.xml}) send their menu key as an RFC 4733 telephone-event; on the server side they
 * run the {@code main} flow, on the native side {@code sim-native-ivr} ({@code Read()} of the same prompts, then
 * {@code Queue()}). Agents answer at once and talk 5 s: Local channels ({@code sim-agent}), the server's agents on one
 * side and as many app_queue members on the other, or with {@code --agent-kind sip} real SIP phones (PJSIP endpoints
 * registered by SIPp, {@link LadderAgents}), which both sides' agents dial.
 *
 * <p>For each rate, each side places {@code rate x --rung-seconds} callers, and the next starts once every call of
 * the previous one has ended; which side goes first alternates from rate to rate, so a drift of the machine's load
 * falls on both. Odd callers press 1 (sales), even ones 2 (support).
 */
@Command(name = "sip-ladder", mixinStandardHelpOptions = true)
public final class SipLadder implements Callable<Integer> {

    private static final String SERVER = "server";
    private static final String NATIVE = "native";

    @Option(names = "--rates", split = ",", defaultValue = "10,20,30,40,50,60,80,100",
            description = "calls per second of each rung")
    List<Double> rates;

    @Option(names = "--rung-seconds", defaultValue = "10", description = "how long each rung places calls")
    int rungSeconds;

    @Option(names = "--agents", defaultValue = "600", description = "agents on each side")
    int agents;

    @Option(names = "--agent-kind", split = ",", defaultValue = "local", converter = KindConverter.class,
            description = "local (Local channels), sip (PJSIP endpoints of SIPp phones, shared by both sides), or "
                    + "local,sip: every rung with each kind, in one run")
    List<LadderAgents.Kind> agentKinds;

    @Option(names = "--phones-per-sipp", defaultValue = "600", description = "SIP phones in one SIPp process: "
            + "each process idles at about 0.02 CPU s a second, and one that dies takes only its own phones")
    int phonesPerSipp;

    @Option(names = "--key-after-ms", defaultValue = "1200", description = "from the answer to the menu key's "
            + "packets; Asterisk hears the key about 0.8 s later, inside the menu's prompts")
    int keyAfterMillis;

    @Option(names = "--hold-seconds", defaultValue = "30", description = "a caller not served hangs up this long "
            + "after its key")
    int holdSeconds;

    @Option(names = "--sides", split = ",", defaultValue = "server,native")
    List<String> sides;

    @Option(names = "--timeline", description = "also read Asterisk's AGI commands, and print the slowest and the "
            + "lost callers' commands in ms from their queue entry (from the call's start for lost ones)")
    boolean timeline;

    @Option(names = "--config", defaultValue = "config")
    Path config;

    private long numbers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SipLadder()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String s : sides) {
            if (!s.equals(SERVER) && !s.equals(NATIVE)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--sides takes server and native, "
                        + "not '" + s + "'");
            }
        }
        if (agentKinds.stream().distinct().count() < agentKinds.size()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--agent-kind names a kind twice: "
                    + agentKinds);
        }
        LoadedConfiguration base = new ConfigurationLoader(k -> null).load(config);
        int agiPort = AsteriskSandbox.freePort();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (LadderAgents ladderAgents = LadderAgents.of(agentKinds, agents, phonesPerSipp);
             AsteriskSandbox sandbox = AsteriskSandbox.start(ladderAgents.sandbox(
                     AsteriskSandbox.Settings.defaults("ladder").withAgi("127.0.0.1", agiPort)))) {
            ServerSettings settings = LoadServer.settings(base, sandbox, agiPort);
            ConfigurationSnapshot configuration = LoadServer.configuration(base, ladderAgents.definitions());
            LadderWatch watch = new LadderWatch();
            AmiClient manager = LoadServer.watch(sandbox, timeline ? "call,agent,agi" : "call,agent", group);
            manager.addListener(watch);
            try (AcdServer server = AcdServer.start(settings, configuration); manager) {
                manager.start().get(30, TimeUnit.SECONDS);
                LoadServer.awaitManager(server);
                ladderAgents.start(sandbox, server);
                Rig rig = new Rig(sandbox, server, watch, new InteractionQueries(server.database().dataSource()),
                        ladderAgents, PostgresCpu.of(server.database().jdbcUrl()).orElse(null));
                Map<LadderAgents.Kind, Map<String, List<RungFigures>>> results =
                        new EnumMap<>(LadderAgents.Kind.class);
                for (LadderAgents.Kind kind : agentKinds) {
                    results.put(kind, new HashMap<>());
                    sides.forEach(s -> results.get(kind).put(s, new ArrayList<>()));
                }
                for (int i = 0; i < rates.size(); i++) {
                    // Which kind and which side go first alternate from rung to rung.
                    List<LadderAgents.Kind> kinds = i % 2 == 1 ? agentKinds.reversed() : agentKinds;
                    List<String> order = i % 2 == 1 ? sides.reversed() : sides;
                    for (LadderAgents.Kind kind : kinds) {
                        ladderAgents.activate(kind, server, manager);
                        for (String side : order) {
                            RungFigures f = rung(rig, side, kind, rates.get(i));
                            System.out.println(f.line());
                            System.out.flush();
                            results.get(kind).get(side).add(f);
                        }
                    }
                }
                if (sides.contains(SERVER) && sides.contains(NATIVE)) {
                    for (LadderAgents.Kind kind : agentKinds) {
                        System.out.println();
                        System.out.println("agents: " + kind.label());
                        RungFigures.table(results.get(kind).get(SERVER), results.get(kind).get(NATIVE))
                                .forEach(System.out::println);
                    }
                }
                return 0;
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** What one rung needs. */
    private record Rig(AsteriskSandbox sandbox, AcdServer server, LadderWatch watch, InteractionQueries records,
                       LadderAgents agents, PostgresCpu postgres) {
    }

    /** {@code --agent-kind} in lower case, as the command line writes it. */
    static final class KindConverter implements CommandLine.ITypeConverter<LadderAgents.Kind> {
        @Override
        public LadderAgents.Kind convert(String value) {
            for (LadderAgents.Kind k : LadderAgents.Kind.values()) {
                if (k.label().equals(value)) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("--agent-kind takes local or sip, not '" + value + "'");
        }
    }

    private RungFigures rung(Rig rig, String side, LadderAgents.Kind kind, double rate) throws Exception {
        int count = Math.max(1, (int) Math.round(rate * rungSeconds));
        List<SipCallers.Call> calls = new ArrayList<>(count);
        List<String> expected = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = ++numbers;
            String key = n % 2 == 1 ? "1" : "2";
            String number = String.format("55%08d", n);
            calls.add(new SipCallers.Call(number, List.of(new SipCallers.Keys(Duration.ofMillis(keyAfterMillis),
                    key)), Duration.ofSeconds(holdSeconds), side.equals(NATIVE) ? NATIVE : null));
            expected.add(number + "=" + key);
        }
        String load0 = loadAverage();
        long asterisk0 = ProcessCpu.millis(rig.sandbox().pid());
        long server0 = serverCpuMillis(rig.postgres());
        long phones0 = rig.agents().phonesCpuMillis();
        long phoneAnswers0 = rig.agents().answeredByPhones();
        long sippCpu = 0;
        int exit;
        try (SipCallers callers = SipCallers.start(rig.sandbox(), "100", calls, rate)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rungSeconds + holdSeconds + 120L);
            do {
                // SIPp's CPU is read while it runs: /proc forgets a process once it has been reaped.
                sippCpu = Math.max(sippCpu, ProcessCpu.millis(callers.pid()));
                rig.agents().phonesCpuMillis();
                exit = callers.awaitEnd(Duration.ofMillis(250));
            } while (exit == -1 && System.nanoTime() < deadline);
        }
        // Asterisk's CPU over the same window for both sides, up to the callers' end: the server's side then waits
        // for its records, and Asterisk's idle CPU meanwhile is no call's.
        long asteriskCpu = ProcessCpu.millis(rig.sandbox().pid()) - asterisk0;
        Map<String, InteractionRecord> records = side.equals(SERVER) ? awaitRecords(rig, calls) : Map.of();
        long serverCpu = serverCpuMillis(rig.postgres()) - server0;
        long phonesCpu = rig.agents().phonesCpuMillis() - phones0;
        long phoneAnswers = rig.agents().answeredByPhones() - phoneAnswers0;
        int right = 0;
        int wrong = 0;
        int none = 0;
        int answered = 0;
        List<Double> waits = new ArrayList<>();
        List<Double> afterAgent = new ArrayList<>();
        WaitBreakdown breakdown = new WaitBreakdown();
        for (String e : expected) {
            String number = e.substring(0, e.indexOf('='));
            String want = e.endsWith("=1") ? "sales" : "support";
            LadderWatch.Caller c = rig.watch().caller(number);
            String queue;
            if (side.equals(SERVER)) {
                InteractionRecord r = records.get(number);
                queue = r == null ? null : r.queue();
                if (r != null && r.waitSeconds() != null && c != null && c.answeredMicros > 0) {
                    waits.add(r.waitSeconds());
                    breakdown.add(number, r, c);
                }
                if (queue == null) {
                    breakdown.lost(number, r, c);
                }
            } else {
                queue = c == null || c.queue == null ? null : c.queue.replace("native-", "");
                if (c != null && c.answeredMicros > 0 && c.joinedMicros > 0) {
                    waits.add((c.answeredMicros - c.joinedMicros) / 1e6);
                }
            }
            if (queue == null) {
                none++;
            } else if (queue.equals(want)) {
                right++;
            } else {
                wrong++;
            }
            if (c != null && c.answeredMicros > 0) {
                answered++;
                double afterAgentMillis = c.afterAgentMillis();
                if (afterAgentMillis >= 0) {
                    afterAgent.add(afterAgentMillis);
                }
            }
        }
        if (side.equals(SERVER)) {
            breakdown.lines().forEach(System.out::println);
        }
        // The phones' SIPp is the agents' with SIP agents; with Local ones it only idles beside them.
        long allSipp = kind == LadderAgents.Kind.SIP ? sippCpu + phonesCpu : sippCpu;
        return new RungFigures(side, rate, count, right, wrong, none, answered, waits, afterAgent, exit != 0,
                asteriskCpu,
                serverCpu, allSipp, kind.label(), phonesCpu, phoneAnswers, rig.agents().phoneProcessesExited(),
                load0 + ".." + loadAverage());
    }

    /** The interaction records of these callers, by number; waits until all are stored or 20 s pass without more. */
    private static Map<String, InteractionRecord> awaitRecords(Rig rig, List<SipCallers.Call> calls)
            throws InterruptedException {
        Map<String, InteractionRecord> found = new HashMap<>();
        Set<String> numbers = calls.stream().map(SipCallers.Call::number).collect(Collectors.toSet());
        long quietSince = System.nanoTime();
        while (found.size() < numbers.size()
                && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(20)) {
            int before = found.size();
            for (InteractionRecord r : rig.records().all()) {
                if (r.callerNumber() != null && numbers.contains(r.callerNumber())) {
                    found.put(r.callerNumber(), r);
                }
            }
            if (found.size() > before) {
                quietSince = System.nanoTime();
            }
            if (found.size() < numbers.size()) {
                Thread.sleep(250);
            }
        }
        return found;
    }

    /** The one-minute load average of the machine ({@code /proc/loadavg}), or "?" where there is none. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0];
        } catch (IOException | RuntimeException none) {
            return "?";
        }
    }

    /**
     * This JVM (the server, and this tool's manager connection) and the embedded PostgreSQL it started, when found
     * ({@link PostgresCpu}: its processes are not this JVM's children).
     */
    private static long serverCpuMillis(PostgresCpu postgres) {
        return ProcessCpu.millis(ProcessHandle.current().pid()) + (postgres == null ? 0 : postgres.millis());
    }
}
