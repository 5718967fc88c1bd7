package org.acdserver.load;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.call.CallMetrics;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipCallers;
import org.acdserver.sandbox.SipPhoneBank;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The hand-off under a full queue, on a real Asterisk through the {@code main} flow: {@code --agents} agents take the
 * first callers and talk {@code --talk} seconds, while {@code --waiting} more callers wait in the queue; as each
 * agent's call ends, the server dials the agent to the next waiting caller. Prints the time from the end of an
 * agent's call (its Local channel's {@code Hangup}, or with {@code --agent-kind sip} its SIP phone's) to the
 * {@code DialBegin} of its next one, both Asterisk's event times ({@link HandOffTimeline}), over one round of
 * hand-offs: one per agent, while {@code --waiting} callers wait behind them. With {@code --warm-up-rounds} the
 * agents first take that many rounds of callers more, so that the measured round finds the server's code for a
 * call's end compiled by the JIT, as a server that has run for a while would; each warm-up round's figures are printed
 * too. The tool's own manager connection asks Asterisk only for the events it reads ({@code --watch used}), so
 * that watching costs Asterisk and the JVM as little as it can. The callers are Local channel pairs placed over the
 * manager, or with {@code --caller-kind sip} (and SIP phones) SIPp callers through the sandbox's SIP trunk, whose
 * calls Asterisk bridges to the phones' as a trunk's calls are.
 *
 * <p>{@code --side native} measures the peer the same way: the same callers, keys and agents, but Asterisk alone
 * routes them, a {@code Read()} of the same prompts and then {@code Queue()} with every agent a member, its callers
 * held to a ringing tone as the server's are held in silence. {@code --side both} runs the server and then native,
 * each on a fresh sandbox with fresh phones, and prints the two medians side by side.
 */
@Command(name = "hand-off", mixinStandardHelpOptions = true)
public final class HandOff implements Callable<Integer> {

    private static final String AGENT_PREFIX = "ho";

    @Option(names = "--agents", defaultValue = "300")
    int agents;

    @Option(names = "--waiting", defaultValue = "1000", description = "callers waiting once every agent is busy")
    int waiting;

    @Option(names = "--talk", defaultValue = "40", description = "seconds each agent talks; every caller must be "
            + "placed and waiting before the first calls end")
    int talkSeconds;

    @Option(names = "--interval-ms", defaultValue = "15", description = "time between two call arrivals")
    int intervalMillis;

    @Option(names = "--arrivals", defaultValue = "fixed", description = "fixed (every --interval-ms, as before "
            + "2026-12-04) or poisson (random gaps of mean --interval-ms, the same for one --seed; app_queue's "
            + "callers then look for a free member at random points of their one-second timers, as real ones do)")
    String arrivals;

    @Option(names = "--seed", defaultValue = "1", description = "with --arrivals poisson: the gaps' seed")
    long seed;

    @Option(names = "--wait-seconds", defaultValue = "120", description = "how long after the first calls end to "
            + "wait for every agent's hand-off before reporting the ones seen")
    int waitSeconds;

    @Option(names = "--music", defaultValue = "none", description = "what held callers hear: none (the queue "
            + "step's silence: no music generator in Asterisk), silence (the sandbox's music class that sends no "
            + "frames, whose generator still wakes each held caller's channel 50 times a second) or default (real "
            + "music, a frame every 20 ms per caller)")
    String music;

    @Option(names = "--agent-kind", defaultValue = "local", description = "local (Local channels of the sandbox's "
            + "sim-agent context) or sip (PJSIP endpoints registered by SIPp phones that answer at once, send RTP and "
            + "hang up after --talk)")
    String agentKind;

    @Option(names = "--caller-kind", defaultValue = "local", description = "local (Local channel pairs placed over "
            + "the manager, whose far half presses the key and holds, as before 2026-12-05) or sip (SIPp callers "
            + "through the sandbox's sim-callers trunk, each pressing its key as an RFC 4733 telephone-event: with "
            + "--agent-kind sip a call is SIP on both sides, as a trunk's caller and an agent's phone are). sip needs "
            + "--agent-kind sip, fixed arrivals and --interval-ms of 1 or more")
    String callerKind;

    @Option(names = "--phones-per-sipp", defaultValue = "100", description = "with --agent-kind sip: phones per "
            + "SIPp process")
    int phonesPerSipp;

    @Option(names = "--cpu-window", defaultValue = "20", description = "seconds over which Asterisk's and this "
            + "JVM's CPU is read while the callers wait and no call has ended, starting half as long after the last "
            + "caller was placed; 0 for none")
    int cpuWindowSeconds;

    @Option(names = "--warm-up-rounds", defaultValue = "0", description = "rounds of hand-offs before the measured "
            + "one: the agents take this many more rounds of callers first")
    int warmUpRounds;

    @Option(names = "--scheduler-slice-us", description = "the scheduler slice the server's event loops and routing "
            + "thread ask for, in microseconds (0: the kernel's own); by default acd.yaml's schedulerSliceMicros")
    Long schedulerSliceMicros;

    @Option(names = "--leg-end-pause-ms", description = "how long an ended call's caller waits before its next "
            + "step, so that Asterisk dials the freed agent's next caller first (0: no pause); by default acd.yaml's "
            + "legEndPauseMillis")
    Long legEndPauseMillis;

    @Option(names = "--watch", defaultValue = "used", description = "used (the tool's manager connection asks "
            + "Asterisk for the events it reads) or all (every event of the call and agi classes, as before "
            + "2026-12-04, to compare)")
    String watchEvents;

    @Option(names = "--side", defaultValue = "server", description = "server (the callers go through the server's "
            + "main flow), native (the same callers through Asterisk alone: Read() of the same prompts, then Queue() "
            + "with the same agents as members, held to a ringing tone) or both (the server, then native, each on a "
            + "sandbox of its own, and the two medians side by side)")
    String side;

    @Option(names = "--config", defaultValue = "config")
    Path config;

    /** This command as picocli runs it: option errors go to its error stream. */
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandOff()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (warmUpRounds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warm-up-rounds takes 0 or more, not " + warmUpRounds);
        }
        if (intervalMillis < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--interval-ms takes 0 or more, not " + intervalMillis);
        }
        boolean sip = switch (agentKind) {
            case "local" -> false;
            case "sip" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--agent-kind takes local or sip, not '" + agentKind + "'");
        };
        boolean watchAll = switch (watchEvents) {
            case "used" -> false;
            case "all" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--watch takes used or all, not '" + watchEvents + "'");
        };
        boolean poisson = switch (arrivals) {
            case "fixed" -> false;
            case "poisson" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--arrivals takes fixed or poisson, not '" + arrivals + "'");
        };
        boolean sipCallers = switch (callerKind) {
            case "local" -> false;
            case "sip" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--caller-kind takes local or sip, not '" + callerKind + "'");
        };
        if (sipCallers && !sip) {
            // A Local agent talks as long as its caller's channel says, which a SIP caller does not set.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--caller-kind sip needs --agent-kind sip");
        }
        if (sipCallers && (poisson || intervalMillis == 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--caller-kind sip places callers at SIPp's "
                    + "steady rate: it needs --arrivals fixed and --interval-ms of 1 or more");
        }
        List<Side> sides = switch (side) {
            case "server" -> List.of(Side.SERVER);
            case "native" -> List.of(Side.NATIVE);
            case "both" -> List.of(Side.SERVER, Side.NATIVE);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--side takes server, native or both, not '" + side + "'");
        };
        LoadedConfiguration base = new ConfigurationLoader(k -> null).load(config);
        Map<Side, Long> medians = new EnumMap<>(Side.class);
        int status = 0;
        for (Side s : sides) {
            if (sides.size() > 1) {
                System.out.printf(Locale.ROOT, "side %s%n", s.label());
            }
            Measured m = measure(s, base, sip, sipCallers, watchAll, poisson);
            status = Math.max(status, m.status());
            if (m.medianMicros() >= 0) {
                medians.put(s, m.medianMicros());
            }
        }
        if (medians.size() == 2) {
            long ours = medians.get(Side.SERVER);
            long peer = medians.get(Side.NATIVE);
            System.out.printf(Locale.ROOT, "hand-off median, one run: the server %.3f ms, native app_queue %.3f ms; "
                    + "native / server %.1f%n", ms(ours), ms(peer), ours == 0 ? 0.0 : (double) peer / ours);
        }
        return status;
    }

    /** Who routes the callers: the server through its {@code main} flow, or Asterisk alone. */
    private enum Side {
        /** The server's {@code main} flow over AGI, with its routing core. */
        SERVER,
        /**
         * The sandbox's {@code sim-native-ivr}: a {@code Read()} of the same prompts, then {@code Queue()}, with the
         * same agents as members, held to a ringing tone instead of music ({@code NATIVE_HOLD=r}).
         */
        NATIVE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A side's outcome: the tool's exit status for it, and its measured round's median (-1 when none). */
    private record Measured(int status, long medianMicros) {
    }

    /** One side on a sandbox of its own, with fresh phones: places the callers, waits for the rounds, reports. */
    private Measured measure(Side sideRun, LoadedConfiguration base, boolean sip, boolean sipCallers,
                             boolean watchAll, boolean poisson) throws Exception {
        boolean viaServer = sideRun == Side.SERVER;
        List<SipAccount> accounts = sip ? LoadServer.sipAccounts(AGENT_PREFIX, agents) : List.of();
        List<AgentDefinition> agentList = sip
                ? accounts.stream().map(a -> new AgentDefinition(a.user(), a.endpoint(), List.of("sales", "support")))
                        .toList()
                : LoadServer.localAgents(AGENT_PREFIX, agents, 4);
        int agiPort = AsteriskSandbox.freePort();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        AsteriskSandbox.Settings sandboxSettings = AsteriskSandbox.Settings.defaults("handoff")
                .withAgi("127.0.0.1", agiPort);
        if (sip) {
            // Asterisk asks each phone for OPTIONS once a minute, as a real site would, not every 2 s.
            sandboxSettings = sandboxSettings.withPhones(accounts).withQualifySeconds(60);
        }
        SipPhoneBank phones = null;
        SipCallers sipCallerBank = null;
        try (AsteriskSandbox sandbox = AsteriskSandbox.start(sandboxSettings)) {
            HandOffTimeline timeline = new HandOffTimeline(AGENT_PREFIX);
            // app_queue's QueueCallerJoin is of the agent class; the server's callers show in the agi class.
            AmiClient watch = LoadServer.watch(sandbox, viaServer ? "call,agi" : "call,agent", group);
            watch.addListener(timeline);
            try (AcdServer server = viaServer ? AcdServer.start(serverSettings(base, sandbox, agiPort),
                    LoadServer.withHoldMusic(LoadServer.configuration(base, agentList), music)) : null; watch) {
                if (server != null) {
                    // When the server's own connection hears an agent's call end, on the clock of Asterisk's event
                    // times. It runs on the server's event loop: only a Hangup reads the clock.
                    server.ami().addListener(e -> {
                        if ("Hangup".equals(e.eventName())) {
                            Instant now = Instant.now();
                            timeline.heard(e, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
                        }
                    });
                }
                watch.start().get(30, TimeUnit.SECONDS);
                if (!watchAll) {
                    LoadServer.onlyEvents(watch, HandOffTimeline.EVENTS);
                }
                if (server != null) {
                    LoadServer.awaitManager(server);
                }
                if (sip) {
                    long started = System.nanoTime();
                    phones = LoadServer.startPhones(sandbox, server, accounts, Duration.ZERO,
                            Duration.ofSeconds(talkSeconds), phonesPerSipp);
                    System.out.printf(Locale.ROOT, "phones: %d registered in %d ms%n", accounts.size(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
                if (server != null) {
                    System.out.println("scheduler slice of the server's hand-off threads: "
                            + ThreadSlices.line("acd-io", RoutingCore.THREAD_NAME));
                    System.out.println("pause before an ended call's caller goes on: "
                            + server.settings().legEndPause().toMillis() + " ms");
                }
                if (server == null) {
                    // Every agent a member of both native queues, under the agent's id.
                    Map<String, String> members = new LinkedHashMap<>();
                    agentList.forEach(a -> members.put(a.id(), a.endpoint()));
                    LoadServer.nativeMembers(watch, "QueueAdd", members);
                }
                AmiClient caller = server != null ? server.ami() : watch;
                long placedAt = System.nanoTime();
                long stolenAtStart = StolenCpu.millis();
                int rounds = warmUpRounds + 1;
                int callers = agents * rounds + waiting;
                // Each side draws the same gaps.
                if (sipCallers) {
                    sipCallerBank = SipCallers.start(sandbox, "100", sipCalls(callers, server != null),
                            1000.0 / intervalMillis);
                    // SIPp places them at its steady rate, which takes this long, as the loop below takes it. Every
                    // caller holds for minutes, so a SIPp that exits meanwhile lost its callers, and the round would
                    // measure a queue it never filled: stop as soon as it does.
                    int exit = sipCallerBank.awaitEnd(Duration.ofMillis((long) callers * intervalMillis));
                    if (exit >= 0) {
                        throw new IllegalStateException("the callers' SIPp exited (" + exit + ") while placing "
                                + callers + " callers: " + sipCallerBank.errors());
                    }
                } else {
                    Arrivals gaps = poisson ? Arrivals.poisson(intervalMillis, seed) : Arrivals.fixed(intervalMillis);
                    for (int i = 1; i <= callers; i++) {
                        // Key 1 or 2 two seconds after the answer, inside the menu; callers stay until served.
                        SimulatedCaller c = new SimulatedCaller(callerNumber(i), callerKey(i), 2, 600, talkSeconds);
                        String id = String.format("ho-%07d", i);
                        ManagerAction originate = server != null ? c.originate(id)
                                : c.originate(id, "sim-native-ivr", "s", Map.of("NATIVE_HOLD", "r"));
                        caller.send(AmiAction.of(originate.name(), originate.headers()));
                        gaps.awaitNext();
                    }
                }
                System.out.printf(Locale.ROOT, "placed %d callers in %.1f s%n", callers,
                        (System.nanoTime() - placedAt) / 1e9);
                waitingCpu(sandbox.pid(), placedAt);
                // Every agent's call ends about --talk seconds after it began: wait for one hand-off each per round.
                long deadline = System.nanoTime()
                        + TimeUnit.SECONDS.toNanos((long) talkSeconds * rounds + waitSeconds);
                PostgresCpu postgres = server == null ? null
                        : PostgresCpu.of(server.database().jdbcUrl()).orElse(null);
                CountDownLatch roundStart = timeline.startOf(rounds);
                RoundCpu roundCpu = null;
                while (timeline.handOffs(rounds).size() + timeline.dialledBeforeEnd(rounds) < agents
                        && System.nanoTime() < deadline) {
                    if (roundCpu != null) {
                        // Finer than before the round: the reading ends this much after the last hand-off at most.
                        Thread.sleep(50);
                    } else if (roundStart.await(200, TimeUnit.MILLISECONDS)) {
                        // Read here, not on the manager connection's loop that opened the latch.
                        roundCpu = new RoundCpu(sandbox.pid(), postgres, List.of(
                                RoundCpu.Processes.of("the phones' SIPp", phones == null ? List.of() : phones.pids()),
                                RoundCpu.Processes.of("the callers' SIPp",
                                        sipCallerBank == null ? List.of() : List.of(sipCallerBank.pid()))));
                    }
                }
                // Read as the round ends, before the reports below.
                String roundCpuSpent = roundCpu == null ? null : roundCpu.report();
                System.out.printf(Locale.ROOT, "agent dials seen %d; hand-offs whose call's end the manager "
                        + "delivered after the next DialBegin %d; agents dialled again before their call's end %d%n",
                        timeline.dials(), timeline.lateEnds(), timeline.dialledBeforeEnd());
                if (server != null) {
                    serverCounts(server, callers);
                } else {
                    System.out.printf(Locale.ROOT, "callers placed %d: joined a native queue %d%n", callers,
                            timeline.queueJoins());
                }
                long stolenAtEnd = StolenCpu.millis();
                if (stolenAtStart >= 0 && stolenAtEnd >= 0) {
                    // A shared host's steal slows every step of a run alike: the first thing to compare across runs.
                    System.out.printf(Locale.ROOT, "CPU time the host gave to other guests (steal) while callers were "
                                    + "placed and handed off: %.1f s over %d cores in %.1f s%n",
                            (stolenAtEnd - stolenAtStart) / 1000.0,
                            Runtime.getRuntime().availableProcessors(), (System.nanoTime() - placedAt) / 1e9);
                }
                if (roundCpuSpent != null) {
                    System.out.println("CPU over the measured round, from its first call's end to its last "
                            + "hand-off, " + roundCpuSpent);
                }
                System.out.printf(Locale.ROOT, "events the tool's manager connection read: %d%n", watch.eventsRead());
                for (int round = 1; round < rounds; round++) {
                    warmUp(round, timeline.handOffs(round));
                }
                return report(timeline.handOffs(rounds), timeline.dialledBeforeEnd(rounds));
            }
        } finally {
            if (sipCallerBank != null) {
                sipCallerBank.close();
            }
            if (phones != null) {
                phones.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Asterisk's and this JVM's CPU while the callers wait and no call ends, over {@code --cpu-window} seconds from
     * half that after the last caller was placed, when it is over before the first agents' calls end (they began two
     * seconds or more after placing began, and last {@code --talk}). What a held caller costs shows here alone; the
     * round's hand-offs, goodbyes and records come after.
     */
    /**
     * The repository's settings for the sandbox, with {@code --scheduler-slice-us} and {@code --leg-end-pause-ms}
     * when they are given.
     */
    private ServerSettings serverSettings(LoadedConfiguration base, AsteriskSandbox sandbox, int agiPort) {
        ServerSettings.Builder settings = LoadServer.settings(base, sandbox, agiPort).toBuilder();
        if (schedulerSliceMicros != null) {
            settings.schedulerSlice(Duration.ofNanos(schedulerSliceMicros * 1_000));
        }
        if (legEndPauseMillis != null) {
            settings.legEndPause(Duration.ofMillis(legEndPauseMillis));
        }
        return settings.build();
    }

    private void waitingCpu(long asteriskPid, long placedAt) throws InterruptedException {
        if (cpuWindowSeconds <= 0) {
            return;
        }
        long window = TimeUnit.SECONDS.toNanos(cpuWindowSeconds);
        long from = System.nanoTime() + window / 2;
        if (from + window > placedAt + TimeUnit.SECONDS.toNanos(talkSeconds)) {
            System.out.println("CPU while the callers waited: not measured (the first calls end too soon)");
            return;
        }
        long self = ProcessHandle.current().pid();
        TimeUnit.NANOSECONDS.sleep(from - System.nanoTime());
        long asterisk0 = ProcessCpu.millis(asteriskPid);
        long self0 = ProcessCpu.millis(self);
        long start = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(window);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "CPU while the callers waited and no call ended (%.1f s): Asterisk %.1f %% of "
                        + "a core, this JVM (the server and the tool's manager connection) %.1f %%%n", seconds,
                (ProcessCpu.millis(asteriskPid) - asterisk0) / seconds / 10,
                (ProcessCpu.millis(self) - self0) / seconds / 10);
    }

    /** The i-th caller's number, the same for either kind of caller. */
    private static String callerNumber(int i) {
        return String.format("556%07d", i);
    }

    /** The key the i-th caller presses in the menu: half of the callers want one queue, half the other. */
    private static String callerKey(int i) {
        return i % 2 == 0 ? "2" : "1";
    }

    /**
     * The SIP callers, with the Local callers' numbers and keys, each key pressed two seconds after the answer, and
     * staying until served; the native side's take the sandbox's {@code sim-native-ivr} held to a ringing tone.
     */
    private static List<SipCallers.Call> sipCalls(int callers, boolean viaServer) {
        List<SipCallers.Call> calls = new ArrayList<>(callers);
        for (int i = 1; i <= callers; i++) {
            calls.add(new SipCallers.Call(callerNumber(i),
                    List.of(new SipCallers.Keys(Duration.ofSeconds(2), callerKey(i))), Duration.ofSeconds(600),
                    viaServer ? null : "native_ringing"));
        }
        return calls;
    }

    /** Where the server's callers are, and how it freed its agents. */
    private static void serverCounts(AcdServer server, int callers) {
        System.out.printf(Locale.ROOT, "agents freed on the manager's hang-up %.0f, on the caller's side %.0f%n",
                server.meters().get("acd.agent.legs.ended").tag("by", "hangup").counter().count(),
                server.meters().get("acd.agent.legs.ended").tag("by", "dial").counter().count());
        // Where the callers are that do not wait in the queue: never reached the server, refused, ended.
        System.out.printf(Locale.ROOT, "callers placed %d: AGI sessions started %.0f, refused %.0f, open %.0f; "
                        + "calls queued %.0f, in queue now %.0f, ended %.0f; waits nudged after a missed interrupt %.0f%n",
                callers, meter(server, "acd.agi.sessions.started"), meter(server, "acd.agi.sessions.rejected"),
                meter(server, "acd.agi.sessions"), meter(server, "acd.calls.queued"),
                meter(server, "acd.calls.in.queue"), meter(server, "acd.calls.ended"),
                meter(server, "acd.agi.interrupts.nudged"));
        // The server's own part of each offer as its metric has it: the percentiles cover the last minute, which at
        // the full size holds the measured round alone (the round before it ended --talk seconds earlier).
        Timer offers = server.meters().get(CallMetrics.OFFER_LATENCY).timer();
        String percentiles = Arrays.stream(offers.takeSnapshot().percentileValues())
                .map(p -> String.format(Locale.ROOT, "p%.0f %.3f ms", p.percentile() * 100,
                        p.value(TimeUnit.MILLISECONDS)))
                .collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "server: routing event published -> agent's Dial handed to AGI (%s), over the "
                + "last minute: %s (%d offers since start)%n", CallMetrics.OFFER_LATENCY, percentiles, offers.count());
    }

    /**
     * One line for a warm-up round: how many hand-offs it had, their median, p90 and p99, and the median of the
     * server's own part (its manager connection heard the call's end -> Asterisk read the next {@code EXEC Dial}).
     */
    private static void warmUp(int round, List<HandOffTimeline.HandOff> handOffs) {
        List<Long> micros = handOffs.stream().map(HandOffTimeline.HandOff::micros).sorted().toList();
        if (micros.isEmpty()) {
            System.out.printf(Locale.ROOT, "warm-up round %d: no hand-off measured%n", round);
            return;
        }
        List<Long> server = handOffs.stream().map(HandOffTimeline.HandOff::serverMicros).filter(m -> m >= 0)
                .sorted().toList();
        System.out.printf(Locale.ROOT, "warm-up round %d: %d hand-offs, median %.3f ms, p90 %.3f ms, p99 %.3f ms; "
                        + "server heard -> AGIExecStart median %s ms%n", round, micros.size(),
                ms(NearestRank.of(micros, 0.5)), ms(NearestRank.of(micros, 0.9)), ms(NearestRank.of(micros, 0.99)),
                server.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", ms(NearestRank.of(server, 0.5))));
    }

    private Measured report(List<HandOffTimeline.HandOff> first, int dialledBeforeEnd) {
        List<Long> micros = new ArrayList<>(first.stream().map(HandOffTimeline.HandOff::micros).sorted().toList());
        int most = first.stream().mapToInt(HandOffTimeline.HandOff::waiting).max().orElse(0);
        int least = first.stream().mapToInt(HandOffTimeline.HandOff::waiting).min().orElse(0);
        System.out.printf(Locale.ROOT, "agents %d, callers waiting behind them %d, hand-offs measured %d%n", agents,
                waiting, micros.size());
        if (micros.isEmpty()) {
            return new Measured(1, -1);
        }
        System.out.printf(Locale.ROOT, "hand-off (agent's call ended -> next caller's DialBegin, Asterisk event"
                        + " times), %d hand-offs with %d to %d callers waiting: median %.3f ms, p90 %.3f ms,"
                        + " p99 %.3f ms, min %.3f ms, max %.3f ms%n", micros.size(), least, most,
                ms(NearestRank.of(micros, 0.5)), ms(NearestRank.of(micros, 0.9)), ms(NearestRank.of(micros, 0.99)),
                ms(micros.get(0)),
                ms(micros.get(micros.size() - 1)));
        // Where the time went: Asterisk reporting the agent's device free, then routing and the next Dial.
        List<Long> device = first.stream().mapToLong(HandOffTimeline.HandOff::deviceFreeMicros).filter(m -> m >= 0)
                .sorted().boxed().toList();
        List<Long> after = first.stream().filter(h -> h.deviceFreeMicros() >= 0)
                .map(h -> h.micros() - h.deviceFreeMicros()).sorted().toList();
        if (!device.isEmpty()) {
            System.out.printf(Locale.ROOT, "of which call ended -> agent's device NOT_INUSE: median %.3f ms, p90 %.3f "
                            + "ms, max %.3f ms; NOT_INUSE -> DialBegin: median %.3f ms, p90 %.3f ms, max %.3f ms "
                            + "(%d hand-offs with the device event)%n", ms(NearestRank.of(device, 0.5)),
                    ms(NearestRank.of(device, 0.9)), ms(device.get(device.size() - 1)),
                    ms(NearestRank.of(after, 0.5)),
                    ms(NearestRank.of(after, 0.9)), ms(after.get(after.size() - 1)), device.size());
        }
        List<Long> dialStart = first.stream().mapToLong(HandOffTimeline.HandOff::dialStartMicros).filter(m -> m >= 0)
                .sorted().boxed().toList();
        List<Long> dialToBegin = first.stream().filter(h -> h.dialStartMicros() >= 0)
                .map(h -> h.micros() - h.dialStartMicros()).sorted().toList();
        if (!dialStart.isEmpty()) {
            System.out.printf(Locale.ROOT, "call ended -> next caller's AGIExecStart(EXEC Dial): median %.3f ms, "
                            + "p90 %.3f ms, max %.3f ms; AGIExecStart(EXEC Dial) -> DialBegin: median %.3f ms, p90 "
                            + "%.3f ms, max %.3f ms%n", ms(NearestRank.of(dialStart, 0.5)),
                    ms(NearestRank.of(dialStart, 0.9)),
                    ms(dialStart.get(dialStart.size() - 1)), ms(NearestRank.of(dialToBegin, 0.5)),
                    ms(NearestRank.of(dialToBegin, 0.9)), ms(dialToBegin.get(dialToBegin.size() - 1)));
        }
        // The server's own part: its manager connection heard the call's last hang-up -> Asterisk read the Dial.
        List<Long> server = first.stream().mapToLong(HandOffTimeline.HandOff::serverMicros).filter(m -> m >= 0)
                .sorted().boxed().toList();
        if (!server.isEmpty()) {
            System.out.printf(Locale.ROOT, "server heard the agent's last hang-up -> next caller's AGIExecStart(EXEC "
                            + "Dial): median %.3f ms, p90 %.3f ms, max %.3f ms (%d hand-offs)%n",
                    ms(NearestRank.of(server, 0.5)), ms(NearestRank.of(server, 0.9)),
                    ms(server.get(server.size() - 1)), server.size());
        }
        // The round's thirds, in the order the hand-offs came: whether the median is the round's start or its end.
        List<Long> total = RoundThirds.medians(first.stream().map(HandOffTimeline.HandOff::micros).toList());
        if (!total.isEmpty()) {
            List<Long> dial = RoundThirds.medians(first.stream().filter(h -> h.dialStartMicros() >= 0)
                    .map(h -> h.micros() - h.dialStartMicros()).toList());
            List<Long> own = RoundThirds.medians(first.stream().map(HandOffTimeline.HandOff::serverMicros)
                    .filter(m -> m >= 0).toList());
            System.out.printf(Locale.ROOT, "by third of the round, in the order the hand-offs came: hand-off median %s"
                    + " ms; Asterisk's Dial (AGIExecStart -> DialBegin) %s ms; server heard -> AGIExecStart %s ms%n",
                    thirds(total), thirds(dial), thirds(own));
        }
        // Every agent dialled again counts, measured or not (an agent dialled before its call's end has no time).
        return new Measured(micros.size() + dialledBeforeEnd >= agents ? 0 : 1, NearestRank.of(micros, 0.5));
    }

    /** Three medians in microseconds as {@code a / b / c} in milliseconds, or {@code -} when there are none. */
    private static String thirds(List<Long> medians) {
        return medians.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f / %.3f / %.3f", ms(medians.get(0)),
                ms(medians.get(1)), ms(medians.get(2)));
    }

    /** The sum of the first measurement of every meter named {@code name} (all its tags). */
    private static double meter(AcdServer server, String name) {
        double sum = 0;
        for (Meter m : server.meters().find(name).meters()) {
            sum += m.measure().iterator().next().getValue();
        }
        return sum;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
