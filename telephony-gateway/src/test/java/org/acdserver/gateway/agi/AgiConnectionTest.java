package org.acdserver.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgiConnectionTest {

    private static final AgiServerSettings SETTINGS = new AgiServerSettings("127.0.0.1", 0, 256, 8,
            Duration.ofSeconds(2), 2, 10);

    private final AtomicReference<AgiSession> session = new AtomicReference<>();
    private AgiServer.Counters counters;
    private EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        counters = new AgiServer.Counters(SETTINGS.maxSessions());
        AgiScriptResolver resolver = name -> "main".equals(name) ? Optional.of(session::set) : Optional.empty();
        ch = new EmbeddedChannel(new LineBasedFrameDecoder(SETTINGS.maxLineBytes(), true, true),
                new AgiConnection(SETTINGS, resolver, counters));
    }

    private void in(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

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

    private AgiSession started() {
        in("agi_network: yes\nagi_network_script: main\nagi_uniqueid: 1.1\nagi_callerid: 5550001\n"
                + "agi_arg_1: 5550001\nagi_arg_2: 100\n\n");
        assertThat(session.get()).isNotNull();
        return session.get();
    }

    @Test
    void requestIsParsed() {
        AgiSession s = started();
        assertThat(s.request().script()).isEqualTo("main");
        assertThat(s.request().uniqueId()).isEqualTo("1.1");
        assertThat(s.request().callerIdNum()).isEqualTo("5550001");
        assertThat(s.request().arguments()).containsExactly("5550001", "100");
        assertThat(counters.active.get()).isEqualTo(1);
    }

    @Test
    void repliesOfEveryFormCompleteTheirCommandsInOrder() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> a = s.send("GET DATA beep 3000 2");
        CompletableFuture<AgiReply> b = s.send("STREAM FILE hello \"\"");
        CompletableFuture<AgiReply> c = s.send("FOO");
        assertThat(out()).isEqualTo("GET DATA beep 3000 2\n");
        assertThat(out()).isNull(); // one outstanding
        in("200 result=12 (timeout)\n");
        assertThat(a.get().result()).isEqualTo(12);
        assertThat(a.get().data()).isEqualTo("timeout");
        assertThat(out()).isEqualTo("STREAM FILE hello \"\"\n");
        in("200 result=-1 endpos=12345\n");
        assertThat(b.get().result()).isEqualTo(-1);
        assertThat(b.get().endpos()).isEqualTo(12345);
        assertThat(out()).isEqualTo("FOO\n");
        in("510 Invalid or unknown command\n");
        assertThat(c.get().code()).isEqualTo(510);
    }

    @Test
    void multiLineUsageAndTryingAreHandled() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> usage = s.send("GET DATA");
        in("520-Invalid command syntax.  Proper usage follows:\n520-Usage: GET DATA <file>\n520 End of proper usage.\n");
        assertThat(usage.get().code()).isEqualTo(520);
        assertThat(usage.get().lines()).hasSize(3);
        CompletableFuture<AgiReply> gosub = s.send("GOSUB sub s 1");
        in("100 result=0 Trying...\n");
        assertThat(gosub).isNotDone();
        in("200 result=0 Gosub complete\n");
        assertThat(gosub.get().ok()).isTrue();
    }

    @Test
    void unsolicitedHangupIsNoReplyAndDeadChannelIsReported() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> wait = s.send("WAIT FOR DIGIT 5000");
        in("HANGUP\n");
        assertThat(s.hangup()).isDone();
        assertThat(s.hungUp()).isTrue();
        assertThat(wait).isNotDone();
        in("200 result=-1\n");
        assertThat(wait.get().result()).isEqualTo(-1);
        CompletableFuture<AgiReply> next = s.send("STREAM FILE beep \"\"");
        in("511 Command Not Permitted on a dead channel or intercept routine\n");
        assertThat(next.get().channelDead()).isTrue();
    }

    @Test
    void interruptingAWaitWritesAtOnceTakesBothRepliesAndNudgesNothing() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> hold = s.send("WAIT FOR DIGIT -1");
        assertThat(out()).isEqualTo("WAIT FOR DIGIT -1\n");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        CompletableFuture<AgiReply> dial = s.interruptWith("EXEC Dial Local/a@sim-agent/n,15,g");
        assertThat(out()).isEqualTo("EXEC Dial Local/a@sim-agent/n,15,g\n");
        in("200 result=1\n");
        assertThat(hold.get().result()).isEqualTo(1);
        assertThat(dial).isNotDone();
        // The wait ended in time: no NOOP follows.
        ch.advanceTimeBy(AgiConnection.INTERRUPT_NUDGE_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).isNull();
        assertThat(counters.nudged.get()).isZero();
        in("200 result=0\n");
        assertThat(dial.get().result()).isZero();
    }

    @Test
    void aWaitSentMomentsAgoIsInterruptedOnlyAfterTheGuard() throws Exception {
        AgiSession s = started();
        s.send("WAIT FOR DIGIT 5000");
        out();
        CompletableFuture<AgiReply> dial = s.interruptWith("EXEC Dial x");
        assertThat(out()).isNull();
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).isEqualTo("EXEC Dial x\n");
        in("200 result=1\n");
        in("200 result=0\n");
        assertThat(dial.get().result()).isZero();
    }

    @Test
    void aWaitThatEndsBeforeTheGuardLetsTheInterruptFollowNormally() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> wait = s.send("WAIT FOR DIGIT 5000");
        out();
        CompletableFuture<AgiReply> dial = s.interruptWith("EXEC Dial x");
        in("200 result=49\n");
        assertThat(wait.get().result()).isEqualTo(49);
        assertThat(out()).isEqualTo("EXEC Dial x\n");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).isNull(); // not written twice
        in("200 result=0\n");
        assertThat(dial.get().result()).isZero();
    }

    @Test
    void aWaitThatMissedTheCommandWrittenIntoItIsNudgedOnceAndRepliesStayInStep() throws Exception {
        ch.freezeTime();
        AgiSession s = started();
        CompletableFuture<AgiReply> hold = s.send("WAIT FOR DIGIT 30000");
        out();
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        CompletableFuture<AgiReply> dial = s.interruptWith("EXEC Dial x");
        assertThat(out()).isEqualTo("EXEC Dial x\n");
        CompletableFuture<AgiReply> after = s.send("GET VARIABLE DIALSTATUS");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_NUDGE_NANOS - 1, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).as("not before its time").isNull();
        ch.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).isEqualTo(AgiConnection.NUDGE + "\n");
        assertThat(counters.nudged.get()).isEqualTo(1);
        ch.advanceTimeBy(AgiConnection.INTERRUPT_NUDGE_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).as("once").isNull();
        // The wait ends, the Dial runs (and, much later, ends), then the NOOP: each reply to its own command.
        in("200 result=1\n");
        assertThat(hold.get().result()).isEqualTo(1);
        in("200 result=0\n");
        assertThat(dial.get().result()).isZero();
        assertThat(out()).as("the next command waits for the NOOP's reply").isNull();
        in("200 result=0\n");
        assertThat(after).isNotDone();
        assertThat(out()).isEqualTo("GET VARIABLE DIALSTATUS\n");
        in("200 result=1 (ANSWER)\n");
        assertThat(after.get().data()).isEqualTo("ANSWER");
    }

    @Test
    void aHandBackIntoAWaitThatMissedItIsNudgedToo() throws Exception {
        AgiSession s = started();
        s.send("WAIT FOR DIGIT 30000");
        out();
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        CompletableFuture<Boolean> handedBack = s.handBack("SET VARIABLE ACD_HANDOFF shutdown");
        ch.runScheduledPendingTasks();
        assertThat(out()).isEqualTo("SET VARIABLE ACD_HANDOFF shutdown\n");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_NUDGE_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).isEqualTo(AgiConnection.NUDGE + "\n");
        in("200 result=1\n");
        in("200 result=1\n");
        assertThat(handedBack.get()).isTrue();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void interruptOfAnythingButAWaitQueues() {
        AgiSession s = started();
        s.send("STREAM FILE hello \"\"");
        out();
        CompletableFuture<AgiReply> next = s.interruptWith("HANGUP");
        assertThat(out()).isNull();
        in("200 result=0 endpos=100\n");
        assertThat(out()).isEqualTo("HANGUP\n");
        assertThat(next).isNotDone();
    }

    @Test
    void commandsThatCouldInjectOrOverflowAreRefused() {
        AgiSession s = started();
        assertThat(s.send("STREAM FILE x \"\"\nEXEC System rm")).isCompletedExceptionally();
        assertThat(s.send("X".repeat(300))).isCompletedExceptionally();
        s.send("A");
        s.send("B");
        s.send("C");
        assertThat(s.send("D")).isCompletedExceptionally(); // two queued behind one outstanding
    }

    @Test
    void closingFailsWhatIsPending() {
        AgiSession s = started();
        CompletableFuture<AgiReply> a = s.send("WAIT FOR DIGIT -1");
        ch.close();
        assertThat(a).isCompletedExceptionally();
        assertThat(s.hangup()).isDone();
        assertThat(counters.active.get()).isZero();
    }

    @Test
    void aHandBackCutsAWaitShortRefusesLaterCommandsAndClosesOnceAnswered() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> hold = s.send("WAIT FOR DIGIT 5000");
        CompletableFuture<AgiReply> queuedBehind = s.send("SET MUSIC off");
        assertThat(out()).isEqualTo("WAIT FOR DIGIT 5000\n");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        CompletableFuture<Boolean> handedBack = s.handBack("SET VARIABLE ACD_HANDOFF shutdown");
        ch.runScheduledPendingTasks();
        assertThat(queuedBehind).as("queued behind the wait: refused").isCompletedExceptionally();
        assertThat(out()).isEqualTo("SET VARIABLE ACD_HANDOFF shutdown\n");
        assertThat(s.send("STREAM FILE goodbye \"\"")).as("refused from now on").isCompletedExceptionally();
        s.close();
        assertThat(ch.isActive()).as("a close waits for the hand-back").isTrue();
        in("200 result=1\n");
        assertThat(hold.get().result()).isEqualTo(1);
        assertThat(ch.isActive()).isTrue();
        in("200 result=1\n");
        assertThat(handedBack.get()).isTrue();
        assertThat(ch.isActive()).as("closed once the variable is set").isFalse();
        assertThat(out()).isNull();
    }

    @Test
    void aHandBackLetsAPlayingPromptFinishFirst() throws Exception {
        AgiSession s = started();
        CompletableFuture<AgiReply> prompt = s.send("STREAM FILE hello \"\"");
        out();
        CompletableFuture<Boolean> handedBack = s.handBack("SET VARIABLE ACD_HANDOFF shutdown");
        ch.advanceTimeBy(AgiConnection.INTERRUPT_GUARD_NANOS, TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        assertThat(out()).as("a prompt is not cut: the hand-back waits for its reply").isNull();
        in("200 result=0 endpos=8000\n");
        assertThat(prompt.get().result()).isZero();
        assertThat(out()).isEqualTo("SET VARIABLE ACD_HANDOFF shutdown\n");
        in("200 result=1\n");
        assertThat(handedBack.get()).isTrue();
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aHandBackOfACallerWhoHungUpSendsNothing() throws Exception {
        AgiSession s = started();
        in("HANGUP\n");
        assertThat(s.handBack("SET VARIABLE ACD_HANDOFF shutdown").get()).isFalse();
        assertThat(out()).isNull();
        AgiSession idle = s;
        ch.close();
        assertThat(idle.handBack("SET VARIABLE ACD_HANDOFF shutdown").get()).isFalse();
    }

    @Test
    void unknownScriptClosesTheConnection() {
        in("agi_network_script: nope\nagi_uniqueid: 1.2\n\n");
        assertThat(ch.isActive()).isFalse();
        assertThat(counters.rejected.get()).isEqualTo(1);
        assertThat(session.get()).isNull();
    }

    @Test
    void malformedRequestLinesCloseTheConnection() {
        in("GET / HTTP/1.1\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void tooManyRequestLinesCloseTheConnection() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            b.append("agi_x").append(i).append(": y\n");
        }
        in(b.toString());
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void anOversizedLineClosesTheConnection() {
        in("agi_network_script: " + "x".repeat(400) + "\n");
        assertThat(ch.isActive()).isFalse();
    }

    @Test
    void aRequestWithoutItsBlankLineTimesOut() throws Exception {
        in("agi_network_script: main\n");
        assertThat(ch.isActive()).isTrue();
        Thread.sleep(SETTINGS.requestTimeout().toMillis() + 100);
        ch.runScheduledPendingTasks();
        assertThat(ch.isActive()).isFalse();
        assertThat(session.get()).isNull();
    }

    @Test
    void replyParsingKeepsDataWithSpacesAndParentheses() {
        AgiReply r = AgiReply.parse("200 result=1 (Some value (with) spaces)");
        assertThat(r.result()).isEqualTo(1);
        assertThat(r.data()).isEqualTo("Some value (with) spaces");
        assertThat(AgiReply.parse("200 result=*5").result()).isEqualTo(AgiReply.NO_RESULT);
        assertThat(AgiReply.parse("garbage")).isNull();
    }
}
