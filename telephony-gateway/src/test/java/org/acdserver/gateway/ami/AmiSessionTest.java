package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One manager connection on an embedded channel: login, ActionID correlation, lists, timeouts, close. */
class AmiSessionTest {

    private static final String SECRET = "s3cr3t-907";
    private static final Pattern ACTION_ID = Pattern.compile("ActionID: (\\S+)");

    private final AmiSettings settings = new AmiSettings("127.0.0.1", 5038, "acd", SECRET, Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));
    private final RecordingOwner owner = new RecordingOwner();
    private final AmiSession session = new AmiSession(settings, owner);
    private final EmbeddedChannel ch = new EmbeddedChannel();

    /** Keeps what the session reports. */
    private static final class RecordingOwner implements AmiSession.Owner {
        final List<AmiMessage> events = new ArrayList<>();
        final List<Boolean> closedWasLoggedIn = new ArrayList<>();
        int logins;

        @Override
        public void loggedIn(AmiSession s) {
            logins++;
        }

        @Override
        public void event(AmiMessage event) {
            events.add(event);
        }

        @Override
        public void closed(AmiSession s, boolean wasLoggedIn, Throwable cause) {
            closedWasLoggedIn.add(wasLoggedIn);
        }
    }

    AmiSessionTest() {
        // Timers move only when a test advances them, so no test depends on how fast the machine is.
        ch.freezeTime();
        AmiMessageDecoder.addTo(ch.pipeline(), 1024, 32);
        ch.pipeline().addLast(session);
        // Added after registration: replay the activation the session missed.
        ch.pipeline().fireChannelActive();
    }

    @AfterEach
    void closeChannel() {
        ch.finishAndReleaseAll();
    }

    private void in(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    private String out() {
        ByteBuf b = ch.readOutbound();
        assertThat(b).as("an action was written").isNotNull();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    private static String idOf(String wire) {
        Matcher m = ACTION_ID.matcher(wire);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private void loggedIn() {
        in("Asterisk Call Manager/9.0.0\r\n");
        String login = out();
        in("Response: Success\r\nActionID: " + idOf(login) + "\r\nMessage: Authentication accepted\r\n\r\n");
        assertThat(session.isReady()).isTrue();
    }

    @Test
    void logsInWithEventsOnAfterTheBanner() {
        in("Asterisk Call Manager/9.0.0\r\n");
        String login = out();
        assertThat(login).startsWith("Action: Login\r\n").contains("Username: acd\r\n", "Secret: " + SECRET + "\r\n",
                "Events: on\r\n").endsWith("\r\n\r\n");
        assertThat(session.isReady()).isFalse();
        in("Response: Success\r\nActionID: " + idOf(login) + "\r\nMessage: Authentication accepted\r\n\r\n");
        assertThat(owner.logins).isEqualTo(1);
        assertThat(session.isReady()).isTrue();
    }

    @Test
    void aRefusedLoginIsLoggedWithoutTheSecretAndCloses() {
        try (LogCapture log = new LogCapture()) {
            in("Asterisk Call Manager/9.0.0\r\n");
            in("Response: Error\r\nActionID: " + idOf(out()) + "\r\nMessage: Authentication failed\r\n\r\n");
            assertThat(ch.isOpen()).isFalse();
            assertThat(owner.logins).isZero();
            assertThat(owner.closedWasLoggedIn).containsExactly(false);
            assertThat(log.contains("authentication failed")).isTrue();
            assertThat(log.contains("'acd'")).isTrue();
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
        }
    }

    @Test
    void aLoginWithoutAnswerTimesOutAndCloses() {
        in("Asterisk Call Manager/9.0.0\r\n");
        out();
        ch.advanceTimeBy(2_001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(owner.closedWasLoggedIn).containsExactly(false);
    }

    @Test
    void noBannerInTimeCloses() {
        ch.advanceTimeBy(2_001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void actionsWaitForLogin() {
        CompletableFuture<AmiMessage> early = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), early);
        assertThat(early).isCompletedExceptionally();
        assertThat(ch.outboundMessages()).isEmpty();
    }

    @Test
    void responsesFindTheirActionByIdInAnyOrder() {
        loggedIn();
        CompletableFuture<AmiMessage> ping = new CompletableFuture<>();
        CompletableFuture<AmiMessage> hangup = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), ping);
        session.send(AmiAction.of("Hangup").with("Channel", "Local/x"), hangup);
        String pingId = idOf(out());
        String hangupId = idOf(out());
        assertThat(pingId).isNotEqualTo(hangupId);

        in("Response: Error\r\nActionID: " + hangupId + "\r\nMessage: No such channel\r\n\r\n");
        assertThat(ping).isNotDone();
        // An error answers the action normally: the caller decides whether it matters.
        assertThat(hangup).isCompleted();
        assertThat(hangup.join().isSuccess()).isFalse();
        assertThat(hangup.join().message()).isEqualTo("No such channel");

        in("Response: Success\r\nActionID: " + pingId + "\r\nPing: Pong\r\n\r\n");
        assertThat(ping.join().get("Ping")).isEqualTo("Pong");
        // A stray duplicate is ignored, not delivered as an event.
        in("Response: Success\r\nActionID: " + pingId + "\r\n\r\n");
        assertThat(owner.events).isEmpty();
    }

    @Test
    void eventsCarryingAnActionIdStillReachTheListeners() {
        loggedIn();
        CompletableFuture<AmiMessage> originate = new CompletableFuture<>();
        session.send(OriginateRequest.toApplication("Local/a@b/n", "id-0001", "Wait", "1", 5_000).toAction(),
                originate);
        String id = idOf(out());
        // OriginateResponse carries the Originate's ActionID; it may even beat the response.
        in("Event: OriginateResponse\r\nActionID: " + id + "\r\nResponse: Success\r\nUniqueid: id-0001\r\n\r\n");
        assertThat(originate).isNotDone();
        in("Response: Success\r\nActionID: " + id + "\r\nMessage: Originate successfully queued\r\n\r\n");
        assertThat(originate.join().message()).isEqualTo("Originate successfully queued");
        assertThat(owner.events).extracting(AmiMessage::eventName).containsExactly("OriginateResponse");
    }

    @Test
    void aListCollectsItsEventsUntilCompleteWhileOtherEventsFlowOn() {
        loggedIn();
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        session.sendForList(AmiAction.of("CoreShowChannels"), list);
        String id = idOf(out());
        in("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
                + "Event: CoreShowChannel\r\nActionID: " + id + "\r\nChannel: Local/a;1\r\nUniqueid: u1\r\n\r\n"
                + "Event: Newstate\r\nUniqueid: u9\r\n\r\n");
        assertThat(list).isNotDone();
        in("Event: CoreShowChannel\r\nActionID: " + id + "\r\nChannel: Local/a;2\r\nUniqueid: u2\r\n\r\n"
                + "Event: CoreShowChannelsComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\n"
                + "ListItems: 2\r\n\r\n");
        assertThat(list.join()).extracting(m -> m.get("Uniqueid")).containsExactly("u1", "u2");
        assertThat(owner.events).extracting(AmiMessage::eventName).containsExactly("Newstate");
    }

    @Test
    void anEmptyList() {
        loggedIn();
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        session.sendForList(AmiAction.of("DeviceStateList"), list);
        String id = idOf(out());
        in("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\n\r\n"
                + "Event: DeviceStateListComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\n\r\n");
        assertThat(list.join()).isEmpty();
    }

    @Test
    void aRefusedListFailsWithTheResponse() {
        loggedIn();
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        session.sendForList(AmiAction.of("DeviceStateList"), list);
        in("Response: Error\r\nActionID: " + idOf(out()) + "\r\nMessage: Invalid/unknown command\r\n\r\n");
        assertThat(list).isCompletedExceptionally();
        assertThat(list.handle((l, e) -> e).join()).isInstanceOf(AmiResponseException.class)
                .hasMessageContaining("Invalid/unknown command");
    }

    @Test
    void anUnansweredActionTimesOut() {
        loggedIn();
        CompletableFuture<AmiMessage> ping = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), ping);
        ch.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ping).isNotDone();
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ping.handle((m, e) -> e).join()).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Ping");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aLostConnectionFailsEveryPendingAction() {
        loggedIn();
        CompletableFuture<AmiMessage> ping = new CompletableFuture<>();
        CompletableFuture<List<AmiMessage>> list = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), ping);
        session.sendForList(AmiAction.of("CoreShowChannels"), list);
        ch.close();
        assertThat(ping.handle((m, e) -> e).join()).isInstanceOf(AmiNotConnectedException.class)
                .hasMessageContaining("lost");
        assertThat(list).isCompletedExceptionally();
        assertThat(owner.closedWasLoggedIn).containsExactly(true);
        CompletableFuture<AmiMessage> late = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), late);
        assertThat(late).isCompletedExceptionally();
    }

    @Test
    void goodbyeStopsNewActions() {
        loggedIn();
        in("Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n");
        assertThat(session.isReady()).isFalse();
        CompletableFuture<AmiMessage> ping = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), ping);
        assertThat(ping).isCompletedExceptionally();
    }

    @Test
    void logoffSaysGoodbyeAndCloses() {
        loggedIn();
        CompletableFuture<AmiMessage> ping = new CompletableFuture<>();
        session.send(AmiAction.of("Ping"), ping);
        out();
        session.logoff("manager client closed");
        String logoff = out();
        assertThat(logoff).startsWith("Action: Logoff\r\n");
        assertThat(session.isReady()).isFalse();
        assertThat(ch.isOpen()).isTrue();
        in("Response: Goodbye\r\nActionID: " + idOf(logoff) + "\r\nMessage: Thanks for all the fish.\r\n\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(ping.handle((m, e) -> e).join()).hasMessageContaining("closed");
    }

    @Test
    void logoffClosesAnywayWhenNoGoodbyeComes() {
        loggedIn();
        session.logoff("manager client closed");
        out();
        ch.advanceTimeBy(2_001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void nothingAfterAnOversizedLineIsDelivered() {
        loggedIn();
        in("Event: Junk\r\nData: " + "x".repeat(2_000) + "\r\n\r\nEvent: Next\r\n\r\n");
        assertThat(owner.events).isEmpty();
    }

    @Test
    void protocolViolationsCloseTheConnectionWithALogLine() {
        loggedIn();
        try (LogCapture log = new LogCapture()) {
            in("Event: Big\r\nData: " + "x".repeat(2_000) + "\r\n\r\n");
            assertThat(ch.isOpen()).isFalse();
            assertThat(log.contains("protocol violation")).isTrue();
        }
        assertThat(owner.closedWasLoggedIn).containsExactly(true);
    }

    @Test
    void aPeerThatIsNotAManagerIsLeft() {
        in("HTTP/1.1 400 Bad Request\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.outboundMessages()).isEmpty();
    }
}
