package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.TcpLink;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.LocalPostgres;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Callbacks when something else fails, on the real Asterisk sandbox and a real PostgreSQL: the database stopped, the
 * manager link cut, an agent who hangs up during the whisper, a whisper longer than the AGI command queue.
 *
 * <p>The server reaches its PostgreSQL (a server of its own, on a fixed port, that the test stops and starts) and
 * the Asterisk manager through a {@link TcpLink} the test cuts. The test watches Asterisk with a manager connection
 * of its own, straight to the sandbox as its watch user: it places the callers and counts every dial of a customer
 * (DialBegin) and every agent leg (Newchannel). Agents' phones answer at once (sam, kim, ann) or hang up a second
 * after answering (hal); customers 555… answer and talk 3 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallbackResilienceIT {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static Path dataDir;
    private static int pgPort;
    private static LocalPostgres pg;
    private static TcpLink managerLink;
    private static TestRig rig;
    private static EventLoopGroup group;
    private static AmiClient watch;
    private static CallbackStore store;
    private static InteractionQueries records;
    /** Customer numbers, once per DialBegin of the customer leg. */
    private static final List<String> customerDials = new CopyOnWriteArrayList<>();
    /** Agents' endpoints, once per new agent leg channel (the Originate's first half). */
    private static final List<String> agentLegs = new CopyOnWriteArrayList<>();
    /** AGI commands run on callback agent legs. */
    private static final List<String> legCommands = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("acd-resilience-pg");
        pgPort = AsteriskSandbox.freePort();
        pg = LocalPostgres.start(dataDir.resolve("postgres"), pgPort);
        // Offered again within 2 s of an outage's end (15 s by default); only the queue "long" plays the whole
        // whisper, the outage tests' agents hear "calling" and the customer is dialed at once.
        CallbackSettings callbacks = new CallbackSettings("9", "\"ACME\" <5550000>", "Local/{number}@sim-customer/n",
                Pattern.compile("[0-9]{7,15}"), 1, Duration.ofSeconds(3), Duration.ofSeconds(10), Schedule.ALWAYS)
                .withOutageRetry(Duration.ofSeconds(2));
        rig = TestRig.start("resilience",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("brief", 10, 60),
                        new QueueDefinition("long", 10, 30)),
                List.of(new AgentDefinition("sam", "Local/sam@sim-agent-callback/n", List.of("sales", "long")),
                        new AgentDefinition("kim", "Local/kim@sim-agent-callback/n", List.of("sales")),
                        new AgentDefinition("hal", "Local/hal@sim-agent-hangup/n", List.of("brief")),
                        new AgentDefinition("ann", "Local/ann@sim-agent-callback/n", List.of("brief"))),
                TestRig.repoRoot().resolve("config"), Map.of("sales",
                        callbacks.withWhisper(Set.of(WhisperPart.CALLING)), "brief", callbacks, "long", callbacks),
                CallbackResilienceIT::throughCuttableLinks);
        store = new CallbackStore(rig.server.database().dataSource());
        records = new InteractionQueries(rig.server.database().dataSource());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        watch = new AmiClient(ManagerWatch.settings(rig.sandbox), group);
        watch.addListener(new AmiListener() {
            @Override
            public void onEvent(AmiMessage e) {
                String dest = e.get("DestChannel");
                String channel = e.get("Channel");
                if ("DialBegin".equals(e.eventName()) && dest != null && dest.contains("@sim-customer")) {
                    customerDials.add(dest.substring("Local/".length(), dest.indexOf('@')));
                } else if ("Newchannel".equals(e.eventName()) && channel != null && channel.endsWith(";1")
                        && channel.contains("@sim-agent")) {
                    agentLegs.add(channel.substring("Local/".length(), channel.indexOf('@')));
                } else if ("AGIExecStart".equals(e.eventName()) && String.valueOf(e.get("Uniqueid"))
                        .startsWith("cbleg-")) {
                    legCommands.add(e.get("Uniqueid") + " " + e.get("Command"));
                }
            }
        });
        watch.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    /** The server's database is the test's PostgreSQL; its manager connection goes through a link the test cuts. */
    private static ServerSettings throughCuttableLinks(ServerSettings s) throws Exception {
        managerLink = TcpLink.to(s.ami().host(), s.ami().port());
        ServerSettings.Ami ami = s.ami();
        return s.toBuilder()
                .ami(new ServerSettings.Ami(ami.host(), managerLink.port(), ami.username(), ami.secret(),
                        ami.heartbeatInterval(), ami.heartbeatTimeout()))
                .database(new ServerSettings.Database(pg.jdbcUrl(), "postgres", "", null,
                        s.database().spoolDirectory()))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (rig != null) {
            rig.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (managerLink != null) {
            managerLink.close();
        }
        if (pg != null) {
            pg.close();
        }
        TestRig.deleteTree(dataDir);
    }

    @BeforeEach
    void everyoneOnABreak() {
        await().atMost(60, TimeUnit.SECONDS).until(() -> snapshot().agents().values().stream()
                .allMatch(a -> a.callId() == null));
        for (String agent : List.of("sam", "kim", "hal", "ann")) {
            rig.server.core().agentNotReady(agent, "break");
        }
    }

    private static RoutingSnapshot snapshot() throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS);
    }

    private static double counter(String name, String... tags) {
        var c = rig.server.meters().find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** A committed callback request, in line like one a caller made. */
    private static String callback(String queue, String number, Map<String, String> customerData) throws Exception {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        rig.server.callbacks().request(new CallbackTicket(id, null, queue, number, 0, Map.of(), now, now, null,
                customerData)).get(10, TimeUnit.SECONDS);
        return id;
    }

    /** A caller of the main flow who picks sales and, once answered, talks two seconds; placed by the test. */
    private static String liveCaller(String number) {
        String id = String.format("rs-%06d", IDS.incrementAndGet());
        ManagerAction originate = new SimulatedCaller(number, "1", 1, 30, 2).originate(id);
        watch.send(AmiAction.of(originate.name(), originate.headers())).join();
        return id + "-a";
    }

    private static CallbackView settled(String id) {
        return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> store.find(id), v -> v.isPresent() && Set.of("completed", "failed")
                        .contains(v.get().state())).orElseThrow();
    }

    /** Watches the agents a few times a second and keeps every moment one of them was not ready. */
    private static final class PauseWatch implements AutoCloseable {
        final Map<String, String> paused = new ConcurrentHashMap<>();
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        PauseWatch(List<String> agents) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    for (String a : agents) {
                        RoutingSnapshot.AgentView v = snapshot().agents().get(a);
                        if (v.state() == AgentState.NOT_READY) {
                            paused.putIfAbsent(a, v.notReadyReason());
                        }
                    }
                } catch (Exception e) {
                    paused.putIfAbsent("snapshot", e.toString());
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /**
     * The outage the test runs between "agents ready" and recovery, with two callbacks at the head of the line and
     * three live callers arriving: the callers are answered by the ready agents, no agent is paused, no customer is
     * dialed, and after recovery each callback is dialed exactly once.
     */
    private static void callbacksAndLiveCallersThrough(String numbers, Outage outage) throws Exception {
        String first = callback("sales", numbers + "1", Map.of());
        String second = callback("sales", numbers + "2", Map.of());
        await().atMost(10, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales")
                .equals(List.of(first, second)));
        double deferredBefore = counter("acd.callbacks", "stage", "deferred");
        double answeredBefore = counter("acd.calls.ended", "outcome", "answered");
        List<String> callers = new ArrayList<>();
        outage.begin();
        rig.server.core().agentReady("sam");
        rig.server.core().agentReady("kim");
        await().atMost(10, TimeUnit.SECONDS).until(() -> snapshot().agents().values().stream()
                .filter(a -> a.id().equals("sam") || a.id().equals("kim"))
                .noneMatch(a -> a.state() == AgentState.NOT_READY));
        try (PauseWatch pauses = new PauseWatch(List.of("sam", "kim"))) {
            await().atMost(30, TimeUnit.SECONDS).until(() ->
                    counter("acd.callbacks", "stage", "deferred") >= deferredBefore + 2);
            for (int i = 0; i < 3; i++) {
                callers.add(liveCaller(numbers + "5" + i));
            }
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() ->
                    counter("acd.calls.ended", "outcome", "answered") >= answeredBefore + 3);
            assertThat(customerDials).as("no customer dialed during the outage")
                    .noneMatch(n -> n.startsWith(numbers));
            assertThat(counter("acd.calls.ended", "outcome", "abandoned_in_queue")).isZero();
            outage.end();
            CallbackView a = settled(first);
            CallbackView b = settled(second);
            assertThat(List.of(a, b)).allSatisfy(v -> {
                assertThat(v.state()).isEqualTo("completed");
                assertThat(v.attempts()).isEqualTo(1);
            });
            // Long enough for a second dial, were one coming.
            await().during(5, TimeUnit.SECONDS).atMost(8, TimeUnit.SECONDS).until(() ->
                    customerDials.stream().filter(n -> n.startsWith(numbers + "1") || n.startsWith(numbers + "2"))
                            .toList().size() == 2);
            assertThat(customerDials).filteredOn(n -> n.startsWith(numbers)).containsExactlyInAnyOrder(
                    numbers + "1", numbers + "2");
            assertThat(pauses.paused).as("agents not ready at any moment during the outage").isEmpty();
        }
        for (String caller : callers) {
            InteractionRecord r = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> records.byCallId(caller), Optional::isPresent).orElseThrow();
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(r.agent()).isIn("sam", "kim");
        }
    }

    /** Something the server depends on goes away, and comes back. */
    private interface Outage {
        void begin() throws Exception;

        void end() throws Exception;
    }

    @Test
    @Order(1)
    void withPostgresqlStoppedLiveCallersAreAnsweredNoAgentIsPausedAndCallbacksAreDialedOnceAfterwards()
            throws Exception {
        callbacksAndLiveCallersThrough("555710", new Outage() {
            @Override
            public void begin() throws Exception {
                pg.close();
            }

            @Override
            public void end() throws Exception {
                pg = LocalPostgres.start(dataDir.resolve("postgres"), pgPort);
            }
        });
    }

    @Test
    @Order(2)
    void withTheManagerLinkCutLiveCallersAreAnsweredNoAgentIsPausedAndCallbacksAreDialedOnceAfterwards()
            throws Exception {
        callbacksAndLiveCallersThrough("555720", new Outage() {
            @Override
            public void begin() throws Exception {
                managerLink.cut();
                await().atMost(15, TimeUnit.SECONDS).until(() -> !rig.server.ami().isConnected());
            }

            @Override
            public void end() throws Exception {
                managerLink.restore();
                await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
            }
        });
    }

    @Test
    @Order(3)
    void aWhisperLongerThanTheAgiCommandQueueIsPlayedWholeAndTheCustomerDialedOnce() throws Exception {
        Map<String, String> data = new LinkedHashMap<>();
        // Twelve short numbers: fifteen commands in all, quick to say (the agent's phone stays 30 s).
        for (int i = 0; i < 12; i++) {
            data.put("value" + i, Integer.toString(i % 10));
        }
        String id = callback("long", "5557301", data);
        rig.server.core().agentReady("sam");
        CallbackView done = settled(id);
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(legCommands).filteredOn(c -> c.startsWith(done.legCallId() + " SAY NUMBER ")).hasSize(12);
        assertThat(customerDials).filteredOn("5557301"::equals).hasSize(1);
    }

    @Test
    @Order(4)
    void anAgentWhoHangsUpDuringTheWhisperDeclinedItIsPausedOnceAndTheNextAgentTakesTheCallback()
            throws Exception {
        Logger dialerLog = (Logger) LoggerFactory.getLogger(CallbackDialer.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        dialerLog.addAppender(log);
        try {
            int halLegsBefore = (int) agentLegs.stream().filter("hal"::equals).count();
            double declinedBefore = counter("acd.callbacks", "stage", "declined");
            String id = callback("brief", "5557401", Map.of());
            rig.server.core().agentReady("hal");
            await().atMost(30, TimeUnit.SECONDS).until(() -> snapshot().agents().get("hal").state()
                    == AgentState.NOT_READY);
            assertThat(snapshot().agents().get("hal").notReadyReason()).isEqualTo("declined");
            assertThat(customerDials).doesNotContain("5557401");
            rig.server.core().agentReady("ann");
            CallbackView done = settled(id);
            assertThat(done.state()).isEqualTo("completed");
            assertThat(done.agent()).isEqualTo("ann");
            assertThat(done.attempts()).isEqualTo(1);
            // hal's pause (the queue's 60 s) still runs: rung once, never again for the same callback.
            assertThat(agentLegs.stream().filter("hal"::equals).count() - halLegsBefore).isEqualTo(1);
            assertThat(snapshot().agents().get("hal").state()).isEqualTo(AgentState.NOT_READY);
            assertThat(counter("acd.callbacks", "stage", "declined")).isEqualTo(declinedBefore + 1);
            assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("hung up during the whisper"))
                    .hasSize(1);
            assertThat(log.list).as("no stack trace").allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        } finally {
            dialerLog.detachAppender(log);
        }
    }
}
