package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's lifecycle against a stand-in manager on loopback: login, resync, reconnect, refusal, close. */
class AmiClientTest {

    private static final String SECRET = "fake-secret-31337";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    private final Recorder recorder = new Recorder();

    /** Records every listener call, in order. */
    private static final class Recorder implements AmiListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<AmiMessage> events = new CopyOnWriteArrayList<>();
        final List<AmiResync> resyncs = new CopyOnWriteArrayList<>();
        final List<Throwable> disconnects = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AmiMessage event) {
            events.add(event);
        }

        @Override
        public void onConnected(boolean reconnect) {
            calls.add("connected:" + reconnect);
        }

        @Override
        public void onResync(AmiResync snapshot) {
            calls.add("resync:" + snapshot.reconnect());
            resyncs.add(snapshot);
        }

        @Override
        public void onDisconnected(Throwable cause) {
            calls.add("disconnected");
            disconnects.add(cause);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private FakeManager manager() throws InterruptedException {
        FakeManager m = new FakeManager(SECRET);
        toClose.add(m);
        return m;
    }

    private AmiClient client(FakeManager m, String secret) {
        AmiClient c = new AmiClient(new AmiSettings("127.0.0.1", m.port(), "acd", secret, Duration.ofSeconds(1),
                Duration.ofMillis(800), Duration.ofMillis(50), Duration.ofMillis(400)), group);
        c.addListener(recorder);
        toClose.add(0, c);
        return c;
    }

    @Test
    void logsInAndResyncsChannelsAndDeviceStates() throws Exception {
        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        assertThat(c.isConnected()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !recorder.resyncs.isEmpty());
        AmiResync r = recorder.resyncs.get(0);
        assertThat(r.reconnect()).isFalse();
        assertThat(r.channels()).extracting(ch -> ch.get("Channel"))
                .containsExactly("Local/agent1@sim-agent-00000001;1");
        assertThat(r.deviceStates()).containsEntry("Custom:agent1", "INUSE");
        assertThat(recorder.calls).containsExactly("connected:false", "resync:false");
        // The login's own FullyBooted reaches listeners; list items do not.
        assertThat(recorder.events).extracting(AmiMessage::eventName).containsExactly("FullyBooted");
        assertThat(m.actions.get(0)).containsEntry("events", "on");
        assertThat(c.send(AmiAction.of("Ping")).get(5, TimeUnit.SECONDS).get("Ping")).isEqualTo("Pong");
    }

    @Test
    void isBootedOnlyOnceAsteriskHasSaidSoOnTheCurrentConnection() throws Exception {
        FakeManager m = manager();
        m.booting = true;
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        assertThat(c.isConnected()).isTrue();
        assertThat(c.isBooted()).as("logged in while Asterisk is starting").isFalse();
        m.push("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");
        await().atMost(5, TimeUnit.SECONDS).until(c::isBooted);
        // Asterisk restarts: the next login, made while it starts, is not booted until it says so again.
        int before = m.logins.get();
        m.dropAll();
        await().atMost(5, TimeUnit.SECONDS).until(() -> m.logins.get() > before && c.isConnected());
        assertThat(c.isBooted()).isFalse();
        m.booting = false;
        m.dropAll();
        await().atMost(5, TimeUnit.SECONDS).until(c::isBooted);
    }

    @Test
    void withoutDeviceStatesTheResyncStillComes() throws Exception {
        FakeManager m = manager();
        m.deviceStatesUnavailable = true;
        AmiClient c = client(m, SECRET);
        try (LogCapture log = new LogCapture()) {
            c.start().get(5, TimeUnit.SECONDS);
            await().atMost(5, TimeUnit.SECONDS).until(() -> !recorder.resyncs.isEmpty());
            assertThat(log.contains("device states not available")).isTrue();
        }
        assertThat(recorder.resyncs.get(0).deviceStates()).isEmpty();
        assertThat(recorder.resyncs.get(0).channels()).hasSize(1);
    }

    @Test
    void deviceStatesMissedDuringAsterisksStartAreReadOnceItHasFullyBooted() throws Exception {
        FakeManager m = manager();
        m.deviceStatesUnavailable = true;
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        // Asterisk finishes loading its modules, then announces it has fully booted.
        m.deviceStatesUnavailable = false;
        m.push("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 2);
        assertThat(recorder.resyncs.get(1).deviceStates()).containsEntry("Custom:agent1", "INUSE");
        // With the states read, a later FullyBooted asks for nothing more.
        m.push("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> recorder.resyncs.size() == 2);
    }

    @Test
    void aLostConnectionFailsPendingActionsThenReconnectsAndResyncs() throws Exception {
        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        m.silentActions = Set.of("Hold");
        CompletableFuture<AmiMessage> held = c.send(AmiAction.of("Hold"));
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> m.actions.stream().anyMatch(a -> "Hold".equals(a.get("action"))));

        m.dropAll();
        assertThat(held).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .withCauseInstanceOf(AmiNotConnectedException.class).withMessageContaining("lost");
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 2);
        assertThat(recorder.calls).containsExactly("connected:false", "resync:false", "disconnected",
                "connected:true", "resync:true");
        assertThat(m.logins.get()).isEqualTo(2);
        assertThat(c.send(AmiAction.of("Ping")).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    @Test
    void aManagerThatFallsSilentIsDeclaredDeadThenTheClientReconnectsAndResyncsWhatChanged() throws Exception {
        FakeManager m = manager();
        // Ping every 200 ms, dead after 300 ms of silence: detected within 500 ms of falling silent.
        AmiClient c = new AmiClient(new AmiSettings("127.0.0.1", m.port(), "acd", SECRET, Duration.ofSeconds(1),
                Duration.ofMillis(800), Duration.ofMillis(50), Duration.ofMillis(400))
                .withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(300)), group);
        c.addListener(recorder);
        toClose.add(0, c);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        // A healthy manager answers every Ping: several beats, no failure.
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> m.actions.stream().filter(a -> "Ping".equals(a.get("action"))).count() >= 3);
        assertThat(c.heartbeatFailures()).isZero();
        assertThat(c.isConnected()).isTrue();

        long frozenAt = System.nanoTime();
        m.frozen = true;
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.calls.contains("disconnected"));
        long detectedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
        assertThat(detectedMillis).as("detected after the timeout, within interval + timeout and some slack")
                .isBetween(200L, 2_000L);
        assertThat(c.heartbeatFailures()).isEqualTo(1);
        assertThat(c.isConnected()).isFalse();
        assertThat(recorder.disconnects.get(0)).isInstanceOf(AmiNotConnectedException.class)
                .hasMessageContaining("no answer to a Ping");
        assertThat(c.send(AmiAction.of("Ping"))).isCompletedExceptionally();

        // While nobody heard, the agent's call ended; then the manager comes back.
        m.channels = List.of();
        m.deviceStates = Map.of("Custom:agent1", "NOT_INUSE");
        m.frozen = false;
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 2);
        AmiResync after = recorder.resyncs.get(1);
        assertThat(after.reconnect()).isTrue();
        assertThat(after.channels()).isEmpty();
        assertThat(after.deviceStates()).containsEntry("Custom:agent1", "NOT_INUSE");
        assertThat(recorder.calls).containsExactly("connected:false", "resync:false", "disconnected",
                "connected:true", "resync:true");
        assertThat(c.reconnects()).isEqualTo(1);
        assertThat(c.heartbeatFailures()).isEqualTo(1);
        assertThat(c.send(AmiAction.of("Ping")).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    @Test
    void theLoginAsksForTheConfiguredEventClassesAndEveryEventIsCounted() throws Exception {
        FakeManager m = manager();
        AmiClient c = new AmiClient(new AmiSettings("127.0.0.1", m.port(), "acd", SECRET, Duration.ofSeconds(1),
                Duration.ofMillis(800), Duration.ofMillis(50), Duration.ofMillis(400)).withEvents("system,call"),
                group);
        c.addListener(recorder);
        toClose.add(0, c);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        assertThat(m.actions.get(0)).containsEntry("action", "Login").containsEntry("events", "system,call");
        // FullyBooted, one CoreShowChannel and its end, one DeviceStateChange and its end.
        assertThat(c.eventsRead()).isEqualTo(5);
        m.push("Event: Hangup\r\nUniqueid: u-1\r\n\r\nEvent: Hangup\r\nUniqueid: u-2\r\n\r\n");
        await().atMost(5, TimeUnit.SECONDS).until(() -> c.eventsRead() == 7);
    }

    @Test
    void whileTheManagerIsDownActionsFailAtOnceAndTheClientKeepsTrying() throws Exception {
        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        try (LogCapture log = new LogCapture()) {
            m.close();
            await().atMost(5, TimeUnit.SECONDS).until(() -> !c.isConnected());
            CompletableFuture<AmiMessage> ping = c.send(AmiAction.of("Ping"));
            assertThat(ping).isCompletedExceptionally();
            assertThat(ping.handle((x, e) -> e).join()).isInstanceOf(AmiNotConnectedException.class)
                    .hasMessageContaining("not connected");
            assertThat(c.sendForList(AmiAction.of("CoreShowChannels"))).isCompletedExceptionally();
            // Backoff 50..400 ms: several attempts within a few seconds, the first one logged as a warning.
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.lines().stream()
                    .filter(l -> l.contains("reconnecting to the Asterisk manager")).count() >= 4);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN cannot reach the Asterisk manager"));
        }
        assertThat(recorder.calls).containsExactly("connected:false", "resync:false", "disconnected");
    }

    @Test
    void aWrongSecretIsRetriedWithBackoffAndNeverLogged() throws Exception {
        FakeManager m = manager();
        String wrong = "wrong-secret-4711";
        AmiClient c = client(m, wrong);
        List<String> lines;
        CompletableFuture<Void> login;
        try (LogCapture log = new LogCapture()) {
            login = c.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> m.refusedLogins.get() >= 3);
            lines = log.lines();
            assertThat(log.contains("authentication failed")).isTrue();
            assertThat(login).isNotDone();
            assertThat(c.isConnected()).isFalse();
            CompletableFuture<AmiMessage> ping = c.send(AmiAction.of("Ping"));
            assertThat(ping.handle((x, e) -> e.getMessage()).join()).doesNotContain(wrong);
            c.close();
        }
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(wrong));
        assertThat(login).isCompletedExceptionally();
        assertThat(login.handle((x, e) -> e.getMessage()).join()).doesNotContain(wrong);
        assertThat(recorder.calls).isEmpty();
        assertThat(m.logins.get()).isZero();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
        FakeManager m = manager();
        AmiClient c = new AmiClient(new AmiSettings("127.0.0.1", m.port(), "acd", SECRET, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(400)), group);
        toClose.add(0, c);
        c.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        c.addListener(recorder);
        try (LogCapture log = new LogCapture()) {
            c.start().get(5, TimeUnit.SECONDS);
            m.push("Event: Hangup\r\nUniqueid: u-1\r\n\r\n");
            await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.events.stream()
                    .anyMatch(e -> "Hangup".equals(e.eventName())));
            assertThat(log.contains("failed on Hangup")).isTrue();
        }
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void anOversizedLineDropsTheConnectionAndTheClientComesBack() throws Exception {
        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        try (LogCapture log = new LogCapture()) {
            m.push("Event: Junk\r\nData: " + "x".repeat(AmiClient.MAX_LINE + 10) + "\r\n\r\n");
            await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 2);
            assertThat(log.contains("protocol violation")).isTrue();
        }
        assertThat(recorder.resyncs.get(1).reconnect()).isTrue();
        assertThat(recorder.events).noneMatch(e -> "Junk".equals(e.eventName()));
    }

    @Test
    void tooManyHeadersDropTheConnectionAndTheClientComesBack() throws Exception {
        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 1);
        StringBuilder b = new StringBuilder("Event: Junk\r\n");
        for (int i = 0; i <= AmiClient.MAX_HEADERS; i++) {
            b.append("H").append(i).append(": v\r\n");
        }
        try (LogCapture log = new LogCapture()) {
            m.push(b.append("\r\n").toString());
            await().atMost(5, TimeUnit.SECONDS).until(() -> recorder.resyncs.size() == 2);
            assertThat(log.contains("protocol violation")).isTrue();
        }
        assertThat(recorder.events).noneMatch(e -> "Junk".equals(e.eventName()));
    }

    @Test
    void closeLogsOffFailsTheStartAndStopsReconnecting() throws Exception {
        FakeManager unreachable = manager();
        AmiClient never = client(unreachable, SECRET);
        unreachable.close();
        CompletableFuture<Void> start = never.start();
        never.close();
        assertThat(start).failsWithin(1, TimeUnit.SECONDS);

        FakeManager m = manager();
        AmiClient c = client(m, SECRET);
        c.start().get(5, TimeUnit.SECONDS);
        c.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> m.connected() == 0);
        assertThat(m.actions).anyMatch(a -> "Logoff".equals(a.get("action")));
        assertThat(c.isConnected()).isFalse();
        assertThat(c.send(AmiAction.of("Ping"))).isCompletedExceptionally();
        Thread.sleep(300); // longer than the backoff: a reconnect would have logged in again by now
        assertThat(m.logins.get()).isEqualTo(1);
    }
}
