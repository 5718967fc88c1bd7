package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The manager client against a real Asterisk 22: actions, events, lists, resync, reconnect, refused login. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmiClientIT {

    private static AsteriskSandbox sandbox;
    private static EventLoopGroup group;
    private static AmiClient client;
    private static final List<AmiMessage> events = new CopyOnWriteArrayList<>();
    private static final List<AmiResync> resyncs = new CopyOnWriteArrayList<>();
    private static final List<String> lifecycle = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("amiclient-it"));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        client = new AmiClient(settings(sandbox.amiSecret()), group);
        client.addListener(new AmiListener() {
            @Override
            public void onEvent(AmiMessage event) {
                events.add(event);
            }

            @Override
            public void onConnected(boolean reconnect) {
                lifecycle.add("connected:" + reconnect);
            }

            @Override
            public void onResync(AmiResync snapshot) {
                lifecycle.add("resync:" + snapshot.reconnect());
                resyncs.add(snapshot);
            }

            @Override
            public void onDisconnected(Throwable cause) {
                lifecycle.add("disconnected");
            }
        });
        client.start().get(30, TimeUnit.SECONDS);
    }

    private static AmiSettings settings(String secret) {
        // The watch user: the server's own user receives only the events the server uses, and this test reads more.
        return new AmiSettings("127.0.0.1", sandbox.amiPort(), sandbox.amiWatchUser(), secret, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static List<AmiMessage> eventsFor(String name, String uniqueId) {
        return events.stream().filter(e -> name.equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid"))).toList();
    }

    private static boolean seen(String name, String key, String value) {
        return events.stream().anyMatch(e -> name.equals(e.eventName()) && value.equals(e.get(key)));
    }

    @Test
    @Order(1)
    void theFirstLoginIsFollowedByAResync() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> !resyncs.isEmpty());
        assertThat(resyncs.get(0).reconnect()).isFalse();
        assertThat(lifecycle).startsWith("connected:false", "resync:false");
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    @Order(2)
    void originateWithPresetIdsGivesDialAndHangupEventsForThoseIds() throws Exception {
        AmiMessage r = client.originate(OriginateRequest.builder("Local/agent1@sim-agent/n")
                .channelId("orig-0001-a").otherChannelId("orig-0001-b").application("Wait", "1")
                .variable("TALK_SECS", "1").timeout(Duration.ofSeconds(10)).build()).get(5, TimeUnit.SECONDS);
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        await().atMost(15, TimeUnit.SECONDS).until(() -> !eventsFor("Hangup", "orig-0001-a").isEmpty());
        assertThat(seen("DialBegin", "DestUniqueid", "orig-0001-a")).isTrue();
        assertThat(events).anyMatch(e -> "DialEnd".equals(e.eventName())
                && "orig-0001-a".equals(e.get("DestUniqueid")) && "ANSWER".equals(e.get("DialStatus")));
        // The async Originate's outcome arrives as an event carrying the Originate's own ActionID.
        assertThat(events).anyMatch(e -> "OriginateResponse".equals(e.eventName())
                && "orig-0001-a".equals(e.get("Uniqueid")) && e.actionId() != null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("Hangup", "orig-0001-b").isEmpty());
        assertThat(eventsFor("Hangup", "orig-0001-a").get(0).get("Timestamp")).isNotBlank();
    }

    @Test
    @Order(3)
    void liveChannelsAreListedBridgedRedirectedAndHungUp() throws Exception {
        for (String id : List.of("live-0001", "live-0002")) {
            assertThat(client.originate(OriginateRequest.builder("Local/" + id + "@sim-agent/n")
                    .channelId(id + "-a").otherChannelId(id + "-b").application("Wait", "30")
                    .variable("TALK_SECS", "30").build()).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        List<AmiMessage> channels = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> client.sendForList(AmiAction.of("CoreShowChannels")).get(5, TimeUnit.SECONDS),
                        l -> l.stream().map(c -> c.get("Uniqueid")).toList()
                                .containsAll(List.of("live-0001-a", "live-0001-b", "live-0002-a", "live-0002-b")));
        assertThat(channels).allMatch(c -> "CoreShowChannel".equals(c.eventName()));
        String name1 = nameOf(channels, "live-0001-a");
        String name2 = nameOf(channels, "live-0002-a");

        assertThat(client.bridge(name1, name2).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("BridgeEnter", "live-0001-a").isEmpty()
                && !eventsFor("BridgeEnter", "live-0002-a").isEmpty());
        String bridge1 = eventsFor("BridgeEnter", "live-0001-a").get(0).get("BridgeUniqueid");
        assertThat(eventsFor("BridgeEnter", "live-0002-a").get(0).get("BridgeUniqueid")).isEqualTo(bridge1);

        assertThat(client.redirect(name1, "sim-agent", "agent9", 1).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e ->
                "Newexten".equals(e.eventName()) && "live-0001-a".equals(e.get("Uniqueid"))
                        && "sim-agent".equals(e.get("Context")) && "agent9".equals(e.get("Exten"))));

        assertThat(client.hangup(name1).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(client.hangup(name2).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("Hangup", "live-0001-a").isEmpty()
                && !eventsFor("Hangup", "live-0002-a").isEmpty());
        // Hanging up a channel that is gone is an error response, not a failed future.
        AmiMessage again = client.hangup(name1).get(5, TimeUnit.SECONDS);
        assertThat(again.isSuccess()).isFalse();
        assertThat(again.message()).isNotBlank();
    }

    private static String nameOf(List<AmiMessage> channels, String uniqueId) {
        return channels.stream().filter(c -> uniqueId.equals(c.get("Uniqueid"))).findFirst().orElseThrow()
                .get("Channel");
    }

    @Test
    @Order(4)
    void aRefusedListFailsWithTheResponse() {
        CompletableFuture<List<AmiMessage>> list = client.sendForList(AmiAction.of("NoSuchListAction"));
        assertThat(list).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .withCauseInstanceOf(AmiResponseException.class);
    }

    @Test
    @Order(5)
    void deviceStateChangesAreSeenAndInTheNextResync() throws Exception {
        sandbox.cli("devstate change Custom:agent1 INUSE");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e ->
                "DeviceStateChange".equals(e.eventName()) && "Custom:agent1".equals(e.get("Device"))
                        && "INUSE".equals(e.get("State"))));
        AmiMessage set = client.send(AmiAction.of("Setvar").with("Variable", "DEVICE_STATE(Custom:agent2)")
                .with("Value", "RINGING")).get(5, TimeUnit.SECONDS);
        assertThat(set.isSuccess()).as(set.toString()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e ->
                "DeviceStateChange".equals(e.eventName()) && "Custom:agent2".equals(e.get("Device"))
                        && "RINGING".equals(e.get("State"))));

        // A second client's login resync reads the states back.
        List<AmiResync> second = new CopyOnWriteArrayList<>();
        try (AmiClient other = new AmiClient(settings(sandbox.amiSecret()), group)) {
            other.addListener(new AmiListener() {
                @Override
                public void onEvent(AmiMessage event) {
                }

                @Override
                public void onResync(AmiResync snapshot) {
                    second.add(snapshot);
                }
            });
            other.start().get(10, TimeUnit.SECONDS);
            await().atMost(10, TimeUnit.SECONDS).until(() -> !second.isEmpty());
        }
        assertThat(second.get(0).deviceStates()).containsEntry("Custom:agent1", "INUSE")
                .containsEntry("Custom:agent2", "RINGING");
        assertThat(second.get(0).reconnect()).isFalse();
    }

    @Test
    @Order(6)
    void afterAsteriskRestartsTheClientReconnectsResyncsAndWorks() throws Exception {
        int before = resyncs.size();
        client.originate(OriginateRequest.builder("Local/keep-0001@sim-agent/n").channelId("keep-0001-a")
                .application("Wait", "60").variable("TALK_SECS", "60").build()).get(5, TimeUnit.SECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("Newchannel", "keep-0001-a").isEmpty());

        sandbox.restart();
        await().atMost(30, TimeUnit.SECONDS).until(() -> resyncs.size() > before);
        AmiResync last = resyncs.get(resyncs.size() - 1);
        assertThat(last.reconnect()).isTrue();
        // The call did not survive the restart, and the resync says so.
        assertThat(last.channels()).noneMatch(c -> "keep-0001-a".equals(c.get("Uniqueid")));
        assertThat(lifecycle.subList(2, lifecycle.size())).containsSubsequence("disconnected", "connected:true",
                "resync:true");
        assertThat(client.isConnected()).isTrue();
        assertThat(client.send(AmiAction.of("Ping")).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        sandbox.cli("devstate change Custom:agent3 INUSE");
        await().atMost(10, TimeUnit.SECONDS).until(() -> seen("DeviceStateChange", "Device", "Custom:agent3"));
    }

    @Test
    @Order(7)
    void aWrongSecretIsRefusedAndNeverLogged() throws Exception {
        String wrong = "wrong-secret-4711";
        List<String> lines;
        CompletableFuture<Void> login;
        try (LogCapture log = new LogCapture(); AmiClient bad = new AmiClient(settings(wrong), group)) {
            login = bad.start();
            // Asterisk answers a bad login after a pause of about a second; two refusals show the retry.
            await().atMost(20, TimeUnit.SECONDS).until(() -> log.lines().stream()
                    .filter(l -> l.contains("authentication failed")).count() >= 2);
            assertThat(login).isNotDone();
            assertThat(bad.isConnected()).isFalse();
            CompletableFuture<AmiMessage> ping = bad.send(AmiAction.of("Ping"));
            assertThat(ping).isCompletedExceptionally();
            assertThat(ping.handle((m, e) -> e.getMessage()).join()).doesNotContain(wrong);
            lines = log.lines();
        }
        assertThat(lines).anyMatch(l -> l.contains("authentication failed") && l.contains(sandbox.amiWatchUser()));
        assertThat(lines).noneMatch(l -> l.contains(wrong) || l.contains(sandbox.amiSecret()));
        assertThat(login).isCompletedExceptionally();
        assertThat(client.isConnected()).isTrue();
    }
}
