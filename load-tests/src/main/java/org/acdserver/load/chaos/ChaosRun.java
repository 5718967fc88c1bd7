package org.acdserver.load.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos run: callers arrive at a steady rate while, one phase per fault, the server is killed with SIGKILL and
 * started again, Asterisk is restarted, PostgreSQL is stopped, and the manager link is cut. For each phase it reports
 * the callers placed, offered, answered, sent to the fallback and lost, and how long service took to recover; over
 * the whole run, callbacks lost or dialled twice, which must both be 0 (the exit code is 1 otherwise).
 *
 * <p>Callers of the main flow press 1 or 2 and are put through to simulated agents; one caller in
 * {@code --callback-interval-seconds} enters a queue whose two agents are kept busy by long calls, waits, presses 9
 * and confirms its number, so that callbacks are requested, stored and dialled across the faults. At the end the
 * run waits (up to {@code --drain-seconds}) until every stored callback has been dialled.
 */
@Command(name = "chaos-run", mixinStandardHelpOptions = true)
public final class ChaosRun implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "20", description = "callers placed per second")
    double rate;

    @Option(names = "--phase-seconds", defaultValue = "120",
            description = "callers are placed this long per fault (longer if lifting the fault takes longer than the"
                    + " outage: callers go on as long after it as planned)")
    int phaseSeconds;

    @Option(names = "--fault-after-seconds", defaultValue = "30", description = "when in a phase the fault begins")
    int faultAfterSeconds;

    @Option(names = "--outage-seconds", defaultValue = "30",
            description = "how long PostgreSQL stays stopped and the manager link cut")
    int outageSeconds;

    @Option(names = "--agents", defaultValue = "60")
    int agents;

    @Option(names = "--callback-interval-seconds", defaultValue = "5",
            description = "one caller asks for a callback in this interval")
    int callbackIntervalSeconds;

    @Option(names = "--talk-seconds", defaultValue = "2")
    int talkSeconds;

    @Option(names = "--hold-seconds", defaultValue = "60",
            description = "how long a caller waits, after its key, before hanging up")
    int holdSeconds;

    @Option(names = "--drain-seconds", defaultValue = "240",
            description = "how long the run waits at the end for every callback to be dialled")
    int drainSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "30",
            description = "callers at the full rate before the first fault, not counted")
    int warmUpSeconds;

    @Option(names = "--server-heap", defaultValue = "1g")
    String serverHeap;

    @Option(names = "--faults", split = ",", defaultValue = "SERVER_KILL,ASTERISK_RESTART,POSTGRES_STOP,MANAGER_CUT")
    List<Fault> faults;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosRun()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ChaosResult result = run(new ChaosSettings(rate, Duration.ofSeconds(phaseSeconds),
                Duration.ofSeconds(faultAfterSeconds), Duration.ofSeconds(outageSeconds), agents,
                Duration.ofSeconds(callbackIntervalSeconds), Duration.ofSeconds(talkSeconds),
                Duration.ofSeconds(holdSeconds), Duration.ofSeconds(drainSeconds), Duration.ofSeconds(warmUpSeconds),
                serverHeap, faults));
        return result.callbacks().lost() == 0 && result.callbacks().dialledTwice() == 0 ? 0 : 1;
    }

    /** Runs every fault's phase on a fresh rig and prints the figures. */
    public static ChaosResult run(ChaosSettings settings) throws Exception {
        long t0 = System.nanoTime();
        try (ChaosRig rig = ChaosRig.start(settings)) {
            log(t0, "rig up in " + rig.work + "; " + settings.callsPerSecond() + " callers/s, " + settings.agents()
                    + " agents, one callback caller in " + settings.callbackEvery());
            if (settings.warmUp().isPositive()) {
                // Callers at the full rate before the first fault, so that no fault meets a cold server.
                new Phase(rig, settings, null, t0).run();
            }
            List<PhaseTimes> phases = new ArrayList<>();
            for (Fault fault : settings.faults()) {
                phases.add(new Phase(rig, settings, fault, t0).run());
            }
            log(t0, "draining callbacks");
            Map<String, String> callbacks = drainCallbacks(rig, settings.drain());
            awaitRecordsWritten(rig);
            Set<String> recorded = rig.recordedCalls();
            List<PhaseFigures> figures = new ArrayList<>();
            for (PhaseTimes p : phases) {
                figures.add(PhaseFigures.of(p.fault(), rig.ledger.phase(p.fault().name()), p.began(), p.lifted(),
                        p.ended(), recorded, p.agentsNotReady()));
            }
            ChaosResult result = new ChaosResult(figures, CallbackFigures.of(rig.ledger, callbacks));
            System.out.println(result.report());
            for (PhaseTimes p : phases) {
                System.out.println(p.fault().description() + " (began at " + (p.began() - p.start()) / 1_000_000_000L
                        + " s, lifted at " + (p.lifted() - p.start()) / 1_000_000_000L + " s):");
                System.out.print(PhaseFigures.timeline(rig.ledger.phase(p.fault().name()), p.start(),
                        TimeUnit.SECONDS.toNanos(15)));
            }
            return result;
        }
    }

    /** When a phase's fault began and was lifted, when its callers stopped, and the agents not ready after it. */
    record PhaseTimes(Fault fault, long start, long began, long lifted, long ended, int agentsNotReady) {
    }

    /** One fault's phase: callers at the steady rate, the fault injected and lifted, then the calls settle. */
    private static final class Phase {
        private final ChaosRig rig;
        private final ChaosSettings settings;
        private final Fault fault;
        private final long t0;
        private final AtomicInteger sequence = new AtomicInteger();

        Phase(ChaosRig rig, ChaosSettings settings, Fault fault, long t0) {
            this.rig = rig;
            this.settings = settings;
            this.fault = fault;
            this.t0 = t0;
        }

        /** The phase's name in the ledger: the fault's, or WARMUP. */
        private String name() {
            return fault == null ? "WARMUP" : fault.name();
        }

        PhaseTimes run() throws Exception {
            ScheduledExecutorService placer = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            long period = (long) (1e9 / settings.callsPerSecond());
            placer.scheduleAtFixedRate(this::placeOne, 0, period, TimeUnit.NANOSECONDS);
            if (fault == null) {
                log(t0, "warming up for " + settings.warmUp().toSeconds() + " s");
                try {
                    sleepUntil(start + settings.warmUp().toNanos());
                } finally {
                    placer.shutdownNow();
                    placer.awaitTermination(10, TimeUnit.SECONDS);
                }
                return null;
            }
            long began;
            long lifted;
            try {
                sleepUntil(start + settings.faultAfter().toNanos());
                log(t0, fault.description() + ": begins");
                began = System.nanoTime();
                fault.begin(rig);
                sleepUntil(System.nanoTime() + fault.hold(settings.outage()).toNanos());
                fault.end(rig);
                lifted = System.nanoTime();
                log(t0, fault.description() + ": lifted after " + String.format("%.1f s", (lifted - began) / 1e9));
                // Callers go on for the phase, and at least as long after the fault as planned, however long
                // lifting it took (a server start, an Asterisk boot), so that recovery is measured in every phase.
                sleepUntil(Math.max(start + settings.phase().toNanos(), lifted + settings.afterLift().toNanos()));
            } finally {
                placer.shutdownNow();
                placer.awaitTermination(10, TimeUnit.SECONDS);
            }
            long ended = System.nanoTime();
            log(t0, fault.description() + ": " + sequence.get() + " callers placed; settling");
            long deadline = ended + settings.hold().plus(settings.talk()).plusSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !rig.ledger.phase(fault.name()).stream()
                    .allMatch(t -> rig.ledger.settled(t, System.nanoTime()))) {
                Thread.sleep(500);
            }
            awaitRecordsWritten(rig);
            return new PhaseTimes(fault, start, began, lifted, ended, rig.agentsNotReady());
        }

        private void placeOne() {
            try {
                int n = sequence.incrementAndGet();
                int tag = fault == null ? 9 : fault.ordinal();
                String id = String.format("cx%d%06d", tag, n);
                boolean later = n % settings.callbackEvery() == 0;
                String number = String.format("555%d%06d", tag, n);
                CallLedger.Trace trace = rig.ledger.placed(id + "-a", name(), later, number);
                ManagerAction originate = later ? laterCaller(number, id)
                        : new SimulatedCaller(number, patientKeys(n % 2 == 0 ? "2" : "1"), 1,
                        (int) settings.hold().toSeconds(), (int) settings.talk().toSeconds()).originate(id);
                rig.watch().send(AmiAction.of(originate.name(), originate.headers())).whenComplete((r, e) -> {
                    if (e != null || !r.isSuccess()) {
                        trace.refused = true;
                    }
                });
            } catch (RuntimeException e) {
                // A placer that throws would stop placing; the call is counted as placed and never offered.
                System.err.println("placing a caller failed: " + e);
            }
        }

        /**
         * The menu key, and again 8 and 16 seconds later, as a caller does who hears "please try again": a key
         * pressed before the server runs its first command is discarded by Asterisk (as when a server still
         * starting takes the call a second late), and a caller who pressed once and then waited silently would
         * count as lost although a person would simply press again. A key repeated in the queue or during the
         * agent's call changes nothing.
         */
        private static String patientKeys(String key) {
            String eightSeconds = "w".repeat(16);
            return key + eightSeconds + key + eightSeconds + key;
        }

        /** A caller of {@code chaos-later}: waits, presses 9 for a callback, confirms its own number with 1. */
        private ManagerAction laterCaller(String number, String id) {
            return ManagerAction.named("Originate")
                    .with("Channel", "Local/s@sim-caller-callback/n")
                    .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                    .with("CallerID", "\"Caller " + number + "\" <" + number + ">")
                    .with("Async", "true").with("Timeout", "30000")
                    .with("ChannelId", id + "-a").with("OtherChannelId", id + "-b")
                    .variable("ACD_FLOW", "chaos-later")
                    .variable("DIGITS", "").variable("KEY_DELAY", "1")
                    .variable("CALLBACK_DELAY", "4").variable("CALLBACK_KEYS", "9")
                    .variable("CONFIRM_DELAY", "2").variable("CONFIRM_KEYS", "1")
                    .variable("HOLD_SECS", Long.toString(settings.hold().toSeconds()))
                    // The queue's own agents talk long, so that the next callers wait and ask for a callback.
                    .variable("__TALK_SECS", "20")
                    .build();
        }
    }

    /** Waits until no stored callback is still to be dialled, or the drain time is up; returns them all. */
    private static Map<String, String> drainCallbacks(ChaosRig rig, Duration drain) throws Exception {
        long deadline = System.nanoTime() + drain.toNanos();
        Map<String, String> callbacks = rig.callbacks();
        while (System.nanoTime() < deadline && callbacks.values().stream()
                .anyMatch(v -> !v.startsWith("completed/") && !v.startsWith("failed/"))) {
            Thread.sleep(1000);
            callbacks = rig.callbacks();
        }
        // Long enough for a second dial of a completed callback to show, were one coming.
        Thread.sleep(5000);
        return rig.callbacks();
    }

    /** Waits (up to a minute) until the server reports its manager link up and no record waiting to be written. */
    private static void awaitRecordsWritten(ChaosRig rig) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode health = rig.health();
            if (health != null && health.path("ami").asBoolean() && health.path("recordsPending").asLong() == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static void log(long t0, String what) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }
}
