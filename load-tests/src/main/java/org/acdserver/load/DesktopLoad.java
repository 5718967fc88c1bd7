package org.acdserver.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.auth.PasswordHasher;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many agent desktops one server keeps live: that many agents, each with their desktop's WebSocket open
 * ({@code /agent/live}, with an API token of the agent's user), each agent's state changed once a second (ready,
 * then not ready, spread over the second), and their queue's figures changed every second too (a call that no agent
 * can take enters the queue, and leaves it a second later; the members ready change with the states), so that every
 * desktop also gets its queue update once a second. Prints the events pushed per second of both kinds, the time from
 * a state change to its arrival at the desktop (median, p99, max), the queue updates each desktop received, the CPU
 * the server's desktop threads used (the desktop feeds' threads, and with them the HTTP event loops) and the whole
 * process's (which includes the clients), sockets the server closed as too slow, and whether every desktop shows its
 * agent's last state and its queue's last figures at the end.
 *
 * <p>The server runs in this process with its embedded PostgreSQL and no Asterisk (no call is placed); the sockets
 * go over loopback like a browser's. The run ends by itself.
 */
@Command(name = "desktop-load", mixinStandardHelpOptions = true,
        description = "Connected agent desktops one server keeps live, with a state change per agent and a queue"
                + " change per second.")
public final class DesktopLoad implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Changes issued per second are spread over this many ticks. */
    private static final int TICKS = 10;
    /** Every desktop's agent serves this queue (and only it). */
    private static final String QUEUE = "sales";
    /** A skill no agent has: the call asking for it waits in the queue until it leaves. */
    private static final Map<String, Integer> NO_ONES_SKILL = Map.of("desktop-load-nobody", 10);

    @Option(names = "--desktops", defaultValue = "500", description = "agents with an open desktop (default 500)")
    int desktops;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds (default 30)")
    int seconds;

    /**
     * What a run measured.
     *
     * @param desktops        desktops connected
     * @param changes         state changes made in the measured window
     * @param received        view messages the desktops received in it
     * @param pushedPerSecond messages the server counted as pushed, per second
     * @param latencyMillis   change to arrival, each received change, sorted
     * @param serverCores     CPU of the server's desktop thread and HTTP event loops, in cores
     * @param processCores    CPU of the whole process (server, clients, database driver), in cores
     * @param closed          sockets the server closed
     * @param stale           desktops whose last message did not show their agent's last state
     * @param queues          what the queue updates did
     */
    public record Result(int desktops, long changes, long received, double pushedPerSecond, double[] latencyMillis,
                         double serverCores, double processCores, int closed, int stale, Queues queues) {
    }

    /**
     * The queue updates of a run.
     *
     * @param received          queue messages the desktops received in the measured window
     * @param pushedPerSecond   queue messages the server counted as pushed, per second
     * @param statusesPerSecond queue statuses the server read for all the desktops, per second
     * @param perDesktopMin     the fewest queue messages one desktop received in the window
     * @param perDesktopMax     the most
     * @param feedCores         CPU of the desktop feeds' threads alone (state and queues), in cores
     * @param stale             desktops whose last queue message did not show the queue's last figures
     */
    public record Queues(long received, double pushedPerSecond, double statusesPerSecond, int perDesktopMin,
                         int perDesktopMax, double feedCores, int stale) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DesktopLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Result r = run(desktops, seconds);
        double[] l = r.latencyMillis();
        Queues q = r.queues();
        System.out.printf("%d desktops, one state change per agent and one queue change per second, %d s measured,"
                        + " %d cores (%s), load average %.2f%n", r.desktops(), seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("state: changes %d, received %d, pushed %.0f events/s%n", r.changes(), r.received(),
                r.pushedPerSecond());
        System.out.printf("queues: received %d, pushed %.0f events/s, %d-%d per desktop, statuses read %.2f/s%n",
                q.received(), q.pushedPerSecond(), q.perDesktopMin(), q.perDesktopMax(), q.statusesPerSecond());
        System.out.printf("pushed in all: %.0f events/s%n", r.pushedPerSecond() + q.pushedPerSecond());
        System.out.printf("state change to desktop: median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                AuthLoad.percentile(l, 50), AuthLoad.percentile(l, 99), l.length == 0 ? Double.NaN : l[l.length - 1]);
        System.out.printf("CPU: desktop feeds %.2f cores, with the HTTP event loops %.2f cores, whole process %.2f"
                + " cores%n", q.feedCores(), r.serverCores(), r.processCores());
        System.out.printf("sockets closed by the server: %d, desktops not showing the last state: %d, not showing"
                + " the queue's last figures: %d%n", r.closed(), r.stale(), q.stale());
        return r.closed() == 0 && r.stale() == 0 && q.stale() == 0 ? 0 : 1;
    }

    /** Runs the load once and returns what it measured. */
    public static Result run(int desktops, int seconds) throws Exception {
        LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(AsteriskSandbox.repoRoot()
                .resolve("config"));
        Path dir = Files.createTempDirectory("acd-desktop-load");
        ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0).publicHttp("127.0.0.1", 0)
                .adminHttp("127.0.0.1", 0).ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                .database(ServerSettings.Database.EMBEDDED)
                .auth(loaded.settings().auth().withLocalTokenFile(dir.resolve("admin.token")))
                .build();
        List<AgentDefinition> agents = new ArrayList<>();
        for (int i = 0; i < desktops; i++) {
            agents.add(new AgentDefinition(id(i), "Local/" + id(i) + "@sim-agent/n", List.of(QUEUE)));
        }
        ConfigurationSnapshot configuration = loaded.configuration().toBuilder()
                .routing(new RoutingConfiguration(loaded.configuration().routing().queues(), agents))
                .phones(Map.of()).build();
        String reason = List.copyOf(configuration.agentCodes().reasons().values()).getFirst();
        try (AcdServer server = AcdServer.start(settings, configuration)) {
            // One hash for every user: the run measures the desktops, not BCrypt.
            String hash;
            try (PasswordHasher hasher = new PasswordHasher(settings.auth().bcryptCost())) {
                hash = hasher.hashNow("desktop load password");
            }
            String[] tokens = new String[desktops];
            for (int i = 0; i < desktops; i++) {
                User user = server.accounts().userStore().add(id(i), hash, Role.AGENT, id(i), Set.of());
                tokens[i] = server.accounts().tokenStore().create(user, "load", Instant.now().plusSeconds(3600),
                        "load").secret();
                server.core().agentReady(id(i));
            }
            AtomicLongArray changedAt = new AtomicLongArray(desktops);
            AtomicReferenceArray<String> lastState = new AtomicReferenceArray<>(desktops);
            // The calls waiting in the last queue message each desktop got (-1 before one), and how many it got.
            AtomicIntegerArray lastWaiting = new AtomicIntegerArray(desktops);
            AtomicIntegerArray queueMessages = new AtomicIntegerArray(desktops);
            for (int i = 0; i < desktops; i++) {
                lastWaiting.set(i, -1);
            }
            AtomicInteger queueReceived = new AtomicInteger();
            List<Double> latencies = new ArrayList<>();
            AtomicInteger received = new AtomicInteger();
            // 1 while an agent's measured change has not reached its desktop: a warm-up change that arrives late,
            // once the window is open, is not one of the window's changes and must not count as one.
            AtomicIntegerArray awaited = new AtomicIntegerArray(desktops);
            AtomicInteger closed = new AtomicInteger();
            AtomicInteger connected = new AtomicInteger();
            // Set while the window is measured: queue messages before or after it are not counted.
            AtomicBoolean measuring = new AtomicBoolean();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI live = URI.create("ws://127.0.0.1:" + server.adminPort() + "/agent/live");
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < desktops; i++) {
                int agent = i;
                WebSocket.Listener listener = new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            try {
                                JsonNode m = JSON.readTree(partial.toString());
                                if ("queues".equals(m.path("type").asText())) {
                                    lastWaiting.set(agent, m.path("queues").path(0).path("waiting").asInt());
                                    if (measuring.get()) {
                                        queueMessages.incrementAndGet(agent);
                                        queueReceived.incrementAndGet();
                                    }
                                    partial.setLength(0);
                                    socket.request(1);
                                    return null;
                                }
                                lastState.set(agent, m.path("view").path("state").asText());
                                if ("snapshot".equals(m.path("type").asText())) {
                                    connected.incrementAndGet();
                                } else if (awaited.getAndSet(agent, 0) == 1) {
                                    long at = changedAt.get(agent);
                                    synchronized (latencies) {
                                        latencies.add((now - at) / 1e6);
                                    }
                                    received.incrementAndGet();
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException("desktop " + id(agent) + ": " + e.getMessage(), e);
                            }
                            partial.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String why) {
                        closed.incrementAndGet();
                        return null;
                    }
                };
                sockets.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + tokens[i])
                        .buildAsync(live, listener).get(30, TimeUnit.SECONDS));
            }
            if (!waitFor(() -> connected.get() >= desktops, Duration.ofSeconds(60))) {
                throw new IllegalStateException("only " + connected.get() + " of " + desktops
                        + " desktops got their snapshot within 60 s");
            }

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            boolean[] ready = new boolean[desktops];
            Arrays.fill(ready, true);
            long changes = 0;
            long pushed0 = 0;
            long queuePushed0 = 0;
            long statuses0 = 0;
            long feeds0 = 0;
            long server0 = 0;
            long process0 = 0;
            long t0 = 0;
            // One warm-up second, then the measured ones.
            int warmUpTicks = TICKS;
            long tickNanos = TimeUnit.SECONDS.toNanos(1) / TICKS;
            long next = System.nanoTime();
            for (int tick = 0; tick < warmUpTicks + seconds * TICKS; tick++) {
                if (tick % TICKS == 0) {
                    // Once a second a call no agent can take enters the queue, or the one waiting leaves it.
                    int second = tick / TICKS;
                    if (second % 2 == 0) {
                        server.core().callQueued(waitingCall(second), QUEUE, 0, NO_ONES_SKILL);
                    } else {
                        server.core().callerHungUp(waitingCall(second - 1));
                    }
                }
                if (tick == warmUpTicks) {
                    pushed0 = pushed(server);
                    queuePushed0 = counted(server, "acd.desktops.queue.messages");
                    statuses0 = counted(server, "acd.desktops.queue.statuses");
                    feeds0 = cpu(threads, "acd-desktop");
                    server0 = serverCpu(threads);
                    process0 = os.getProcessCpuTime();
                    t0 = System.nanoTime();
                    measuring.set(true);
                }
                for (int i = tick % TICKS; i < desktops; i += TICKS) {
                    changedAt.set(i, System.nanoTime());
                    if (tick >= warmUpTicks) {
                        awaited.set(i, 1);
                    }
                    ready[i] = !ready[i];
                    if (ready[i]) {
                        server.core().agentReady(id(i));
                    } else {
                        server.core().agentNotReady(id(i), reason);
                    }
                    if (tick >= warmUpTicks) {
                        changes++;
                    }
                }
                next += tickNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    // Behind (the machine is busy): go on from now rather than in a burst, which would change an
                    // agent twice within one of the feed's comparisons and count as a lost push.
                    next = System.nanoTime();
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double pushedPerSecond = (pushed(server) - pushed0) / elapsed;
            double queuePushedPerSecond = (counted(server, "acd.desktops.queue.messages") - queuePushed0) / elapsed;
            double statusesPerSecond = (counted(server, "acd.desktops.queue.statuses") - statuses0) / elapsed;
            double feedCores = (cpu(threads, "acd-desktop") - feeds0) / 1e9 / elapsed;
            double serverCores = (serverCpu(threads) - server0) / 1e9 / elapsed;
            double processCores = (os.getProcessCpuTime() - process0) / 1e9 / elapsed;
            // The last changes arrive, then each desktop must show its agent's state.
            waitFor(() -> stale(ready, lastState) == 0, Duration.ofSeconds(10));
            measuring.set(false);
            int stale = stale(ready, lastState);
            // The waiting call leaves (if one waits): every desktop then shows no call waiting.
            int lastSecond = (warmUpTicks + seconds * TICKS - 1) / TICKS;
            server.core().callerHungUp(waitingCall(lastSecond - lastSecond % 2));
            waitFor(() -> queueStale(lastWaiting) == 0, Duration.ofSeconds(10));
            int queueStale = queueStale(lastWaiting);
            int perDesktopMin = Integer.MAX_VALUE;
            int perDesktopMax = 0;
            for (int i = 0; i < desktops; i++) {
                perDesktopMin = Math.min(perDesktopMin, queueMessages.get(i));
                perDesktopMax = Math.max(perDesktopMax, queueMessages.get(i));
            }
            for (WebSocket s : sockets) {
                s.abort();
            }
            double[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            }
            return new Result(desktops, changes, received.get(), pushedPerSecond, sorted, serverCores, processCores,
                    closed.get(), stale, new Queues(queueReceived.get(), queuePushedPerSecond, statusesPerSecond,
                    perDesktopMin, perDesktopMax, feedCores, queueStale));
        } finally {
            deleteTree(dir);
        }
    }

    private static String id(int i) {
        return "d" + i;
    }

    private static String waitingCall(int second) {
        return "load-waiting-" + second;
    }

    private static int queueStale(AtomicIntegerArray lastWaiting) {
        int n = 0;
        for (int i = 0; i < lastWaiting.length(); i++) {
            if (lastWaiting.get(i) != 0) {
                n++;
            }
        }
        return n;
    }

    private static int stale(boolean[] ready, AtomicReferenceArray<String> lastState) {
        int n = 0;
        for (int i = 0; i < ready.length; i++) {
            if (!(ready[i] ? "ready" : "not_ready").equals(lastState.get(i))) {
                n++;
            }
        }
        return n;
    }

    private static long pushed(AcdServer server) {
        return counted(server, "acd.desktops.messages");
    }

    private static long counted(AcdServer server, String counter) {
        return (long) server.meters().get(counter).functionCounter().count();
    }

    /** CPU nanoseconds of the threads whose names start with {@code prefix}. */
    private static long cpu(ThreadMXBean threads, String prefix) {
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    /** CPU nanoseconds of the server's threads that serve desktops: the feeds' and the HTTP event loops. */
    private static long serverCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().startsWith("acd-desktop")
                    || t.getThreadName().startsWith("vert.x-eventloop"))) {
                long cpu = threads.getThreadCpuTime(t.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /** Whether the condition came true within the limit (looked at every 20 ms). */
    private static boolean waitFor(BooleanSupplier done, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
