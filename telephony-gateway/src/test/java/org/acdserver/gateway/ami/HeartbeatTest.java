package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat of one manager connection on an embedded channel whose clock moves only when a test advances it:
 * a Ping every interval, and a link that stays silent with a Ping unanswered is closed.
 */
class HeartbeatTest {

    private static final Pattern ACTION_ID = Pattern.compile("ActionID: (\\S+)");
    private static final long INTERVAL = 1_000;
    private static final long TIMEOUT = 600;

    private final AmiSettings settings = new AmiSettings("127.0.0.1", 5038, "acd", "secret-1", Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1))
            .withHeartbeat(Duration.ofMillis(INTERVAL), Duration.ofMillis(TIMEOUT));
    private final List<Throwable> closedBy = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel();

    HeartbeatTest() {
        ch.freezeTime();
        AmiMessageDecoder.addTo(ch.pipeline(), 1024, 32);
        ch.pipeline().addLast(new AmiSession(settings, new AmiSession.Owner() {
            @Override
            public void loggedIn(AmiSession session) {
                calls.add("loggedIn");
            }

            @Override
            public void event(AmiMessage event) {
                calls.add("event:" + event.eventName());
            }

            @Override
            public void closed(AmiSession session, boolean wasLoggedIn, Throwable cause) {
                calls.add("closed:" + wasLoggedIn);
                closedBy.add(cause);
            }

            @Override
            public void silent(AmiSession session) {
                calls.add("silent");
            }
        }));
        ch.pipeline().fireChannelActive();
    }

    @AfterEach
    void closeChannel() {
        ch.finishAndReleaseAll();
    }

    private void in(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    /** The next action written, or null. */
    private String out() {
        ByteBuf b = ch.readOutbound();
        if (b == null) {
            return null;
        }
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    private static String idOf(String wire) {
        Matcher m = ACTION_ID.matcher(wire);
        assertThat(m.find()).as(wire).isTrue();
        return m.group(1);
    }

    private void advance(long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    private void loggedIn() {
        in("Asterisk Call Manager/9.0.0\r\n");
        String login = out();
        assertThat(login).contains("Events: on\r\n");
        in("Response: Success\r\nActionID: " + idOf(login) + "\r\nMessage: Authentication accepted\r\n\r\n");
    }

    private String nextPing() {
        String ping = out();
        assertThat(ping).as("a Ping was written").isNotNull().startsWith("Action: Ping\r\n");
        return idOf(ping);
    }

    @Test
    void noPingBeforeTheLogin() {
        in("Asterisk Call Manager/9.0.0\r\n");
        out();
        advance(INTERVAL + 10);
        assertThat(out()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void anAnsweredPingEveryIntervalKeepsTheLinkOpen() {
        loggedIn();
        advance(INTERVAL - 1);
        assertThat(out()).as("no Ping before the interval").isNull();
        for (int i = 0; i < 5; i++) {
            advance(i == 0 ? 1 : INTERVAL);
            in("Response: Success\r\nActionID: " + nextPing() + "\r\nPing: Pong\r\n\r\n");
        }
        advance(TIMEOUT * 3);
        assertThat(ch.isOpen()).isTrue();
        assertThat(calls).containsExactly("loggedIn");
    }

    @Test
    void aLinkSilentForTheTimeoutWithAPingUnansweredIsClosed() {
        loggedIn();
        advance(INTERVAL);
        nextPing();
        advance(TIMEOUT - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(calls).containsExactly("loggedIn", "silent", "closed:true");
        assertThat(closedBy.get(0)).isInstanceOf(AmiNotConnectedException.class)
                .hasMessageContaining("no answer to a Ping").hasMessageContaining("127.0.0.1:5038")
                .hasMessageContaining(TIMEOUT + " ms").hasMessageContaining("half-open");
    }

    @Test
    void eventsWhileThePongIsLateAreSignsOfLifeThenSilenceCloses() {
        loggedIn();
        advance(INTERVAL);
        nextPing();
        // A burst of events holds up the Pong: the link is busy, not dead.
        advance(TIMEOUT / 2);
        in("Event: Newstate\r\nUniqueid: u1\r\n\r\n");
        advance(TIMEOUT / 2);
        assertThat(ch.isOpen()).isTrue();
        // Another Ping goes out at once, without waiting for the next beat.
        nextPing();
        advance(TIMEOUT);
        assertThat(ch.isOpen()).as("the second Ping got no answer and nothing came").isFalse();
        assertThat(calls).containsExactly("loggedIn", "event:Newstate", "silent", "closed:true");
    }

    @Test
    void afterAPongTheNextPingWaitsForTheNextBeat() {
        loggedIn();
        advance(INTERVAL);
        String first = nextPing();
        advance(TIMEOUT - 100);
        in("Response: Success\r\nActionID: " + first + "\r\nPing: Pong\r\n\r\n");
        advance(INTERVAL - (TIMEOUT - 100) - 1);
        assertThat(out()).isNull();
        advance(1);
        nextPing();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aClosedConnectionStopsPinging() {
        loggedIn();
        ch.close();
        advance(INTERVAL * 3);
        assertThat(out()).isNull();
        assertThat(calls).containsExactly("loggedIn", "closed:true");
    }
}
