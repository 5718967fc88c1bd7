package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.sandbox.AsteriskSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/** The manager client against a real Asterisk 22: actions, events, resync, reconnect, refused login. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmiClientIT {

    private static AsteriskSandbox sandbox;
    private static NioEventLoopGroup group;
    private static AmiClient client;
    private static final List<AmiMessage> events = new CopyOnWriteArrayList<>();
    private static final List<AmiResync> resyncs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("amitest"));
        group = new NioEventLoopGroup(1);
        client = new AmiClient(settings(sandbox.amiSecret()), group);
        client.addListener(new AmiListener() {
            @Override
            public void onEvent(AmiMessage event) {
                events.add(event);
            }

            @Override
            public void onResync(AmiResync snapshot) {
                resyncs.add(snapshot);
            }
        });
        client.start().get(30, TimeUnit.SECONDS);
    }

    private static AmiSettings settings(String secret) {
        return new AmiSettings("127.0.0.1", sandbox.amiPort(), sandbox.amiUser(), secret, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static List<AmiMessage> eventsFor(String name, String uniqueId) {
        return events.stream().filter(e -> name.equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid"))).toList();
    }

    @Test
    @Order(1)
    void originateWithPresetIdEmitsDialAndHangupEventsForThatId() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> !resyncs.isEmpty());
        AmiMessage r = client.originate(OriginateRequest.toApplication("Local/agent1@sim-agent/n", "orig-0001-a",
                "Wait", "1", 10_000)).get(5, TimeUnit.SECONDS);
        assertThat(r.isSuccess()).isTrue();
        await().atMost(15, TimeUnit.SECONDS).until(() -> !eventsFor("Hangup", "orig-0001-a").isEmpty());
        assertThat(events).anyMatch(e -> "DialBegin".equals(e.eventName())
                && "orig-0001-a".equals(e.get("DestUniqueid")));
        assertThat(events).anyMatch(e -> "DialEnd".equals(e.eventName())
                && "orig-0001-a".equals(e.get("DestUniqueid")) && "ANSWER".equals(e.get("DialStatus")));
        assertThat(eventsFor("Hangup", "orig-0001-a").get(0).get("Timestamp")).isNotBlank();
    }

    @Test
    @Order(2)
    void liveChannelsAreListedRedirectedBridgedAndHungUp() throws Exception {
        client.originate(OriginateRequest.toApplication("Local/agent2@sim-agent/n", "live-0001-a", "Wait", "30",
                10_000).withVariable("TALK_SECS", "30")).get(5, TimeUnit.SECONDS);
        client.originate(OriginateRequest.toApplication("Local/agent3@sim-agent/n", "live-0002-a", "Wait", "30",
                10_000).withVariable("TALK_SECS", "30")).get(5, TimeUnit.SECONDS);
        List<AmiMessage> channels = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> client.sendForList(AmiAction.of("CoreShowChannels")).get(5, TimeUnit.SECONDS),
                        // Without OtherChannelId, Asterisk names the ;2 half "<ChannelId>;2".
                        l -> l.stream().map(c -> c.get("Uniqueid")).toList()
                                .containsAll(List.of("live-0001-a", "live-0002-a", "live-0001-a;2")));
        String name1 = channels.stream().filter(c -> "live-0001-a".equals(c.get("Uniqueid"))).findFirst()
                .orElseThrow().get("Channel");
        String name2 = channels.stream().filter(c -> "live-0002-a".equals(c.get("Uniqueid"))).findFirst()
                .orElseThrow().get("Channel");

        assertThat(client.bridge(name1, name2).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("BridgeEnter", "live-0001-a").isEmpty()
                && !eventsFor("BridgeEnter", "live-0002-a").isEmpty());

        assertThat(client.redirect(name1, "sim-agent", "agent9", 1).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e ->
                "Newexten".equals(e.eventName()) && "live-0001-a".equals(e.get("Uniqueid"))
                        && "sim-agent".equals(e.get("Context"))));

        assertThat(client.hangup(name1).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(client.hangup(name2).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !eventsFor("Hangup", "live-0001-a").isEmpty()
                && !eventsFor("Hangup", "live-0002-a").isEmpty());
    }

    @Test
    @Order(3)
    void deviceStateChangesAreSeenAndResynced() throws Exception {
        sandbox.cli("devstate change Custom:agent1 INUSE");
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.stream().anyMatch(e ->
                "DeviceStateChange".equals(e.eventName()) && "Custom:agent1".equals(e.get("Device"))
                        && "INUSE".equals(e.get("State"))));
        List<AmiMessage> list = client.sendForList(AmiAction.of("DeviceStateList")).get(5, TimeUnit.SECONDS);
        assertThat(list).anyMatch(d -> "Custom:agent1".equals(d.get("Device")));
    }

    @Test
    @Order(4)
    void afterAsteriskRestartsTheClientReconnectsAndResyncs() throws Exception {
        int before = resyncs.size();
        sandbox.restart();
        await().atMost(30, TimeUnit.SECONDS).until(() -> resyncs.size() > before);
        AmiResync last = resyncs.get(resyncs.size() - 1);
        assertThat(last.reconnect()).isTrue();
        assertThat(client.isConnected()).isTrue();
        assertThat(client.send(AmiAction.of("Ping")).get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(last.deviceStates()).isInstanceOf(Map.class);
    }

    @Test
    @Order(5)
    void aRefusedLoginIsLoggedWithoutTheSecret() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AmiClient.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String wrong = "wrong-secret-4711";
        try (AmiClient bad = new AmiClient(settings(wrong), group)) {
            var login = bad.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> appender.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("refused the login")));
            assertThat(login).isNotDone();
            assertThat(bad.isConnected()).isFalse();
            assertThat(bad.send(AmiAction.of("Ping"))).isCompletedExceptionally();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(wrong));
    }
}
