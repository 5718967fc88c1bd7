package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.acdserver.flow.CallerHungUpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's control of a connected call against a scripted AGI session and fake manager requests: hold parks the
 * agent's channel and keeps the caller on music once the Dial returns, resume bridges them again, a hang-up while held
 * ends the leg without a bridge, so does the parked channel's own hang-up at once, and requests that do not apply are
 * refused.
 */
class ConversationTest {

    private static final String AGENT_CHANNEL = "PJSIP/amy-00000001";

    private FakeAgentChannels channels;
    private ScriptedAgiSession session;
    private TestClock clock;
    private Conversation conversation;
    /** The Dial of the agent leg, which the test ends. */
    private CompletableFuture<String> dial;
    private CompletionStage<String> leg;

    @BeforeEach
    void connect() {
        session = new ScriptedAgiSession("call-1", "5550100");
        session.answer("SET MUSIC", "200 result=0");
        clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
        channels = new FakeAgentChannels("call-1", AGENT_CHANNEL);
        conversation = new Conversation(new AgiPrompter(session), channels, clock, session.eventLoop(), "call-1");
        dial = new CompletableFuture<>();
        leg = dial.thenCompose(conversation::afterLeg);
    }

    @Test
    void aHeldCallerHearsMusicUntilResumedAndIsThenBridgedWithTheParkedAgentChannel() {
        conversation.connected("amy", "default");
        CompletableFuture<Void> hold = conversation.hold();
        session.run();
        assertThat(hold).isCompleted();
        assertThat(channels.parked).containsExactly(AGENT_CHANNEL);
        assertThat(conversation.held()).isTrue();

        // The agent's channel left the bridge, so the Dial returns: music and a wait that a resume cuts short.
        dial.complete(AgentLeg.ANSWER);
        session.run();
        assertThat(session.commands()).containsExactly("SET MUSIC on default", "WAIT FOR DIGIT 5000");
        clock.advance(Duration.ofSeconds(7));
        assertThat(conversation.resume()).isNotDone();
        session.run();
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
        assertThat(conversation.held()).isFalse();
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(7));
        assertThat(leg.toCompletableFuture()).isNotDone();

        // The agent hangs up later: the bridge ends, and with it the leg.
        session.reply("200 result=0");
        session.run();
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        conversation.ended();
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(7));
        assertThat(conversation.agentId()).isNull();
    }

    @Test
    void aParkedAgentChannelThatHangsUpByItselfEndsTheHoldAtOnceNotAtTheEndOfTheSlice() {
        conversation.connected("amy", "default");
        conversation.hold();
        session.run();
        assertThat(channels.watched()).isEqualTo(1);
        dial.complete(AgentLeg.ANSWER);
        session.run();
        assertThat(session.running()).isEqualTo("WAIT FOR DIGIT 5000");

        // The phone hangs up two seconds into the hold: the manager's Hangup cuts the caller's wait short.
        clock.advance(Duration.ofSeconds(2));
        channels.hangsUpByItself(AGENT_CHANNEL);
        session.run();
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(conversation.legEnd()).isEqualTo(CallEvent.AGENT_LEG_ENDED);
        assertThat(conversation.held()).isFalse();
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(session.commands()).containsExactly("SET MUSIC on default", "WAIT FOR DIGIT 5000",
                "SET MUSIC off");
        assertThat(channels.asked).noneMatch(a -> a.startsWith("alive") || a.startsWith("hangup"));
        assertThat(channels.watched()).isZero();
    }

    @Test
    void aResumeOrAHangUpAskedForStopsWatchingTheAgentChannelAndItsLaterHangUpChangesNothing() {
        conversation.connected("amy", "default");
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        conversation.resume();
        session.run();
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
        assertThat(channels.watched()).isZero();
        channels.hangsUpByItself(AGENT_CHANNEL);
        session.run();
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
        assertThat(leg.toCompletableFuture()).isNotDone();

        // Held again, then hung up from the desktop: the hang-up is the one asked for, not the phone's.
        conversation.hold();
        session.run();
        assertThat(channels.watched()).isEqualTo(1);
        session.reply("200 result=0");
        session.run();
        conversation.hangUp();
        session.run();
        assertThat(channels.watched()).isZero();
        assertThat(channels.hungUp).containsExactly(AGENT_CHANNEL);
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
    }

    @Test
    void aCallerHeldFromAQueueWithoutMusicWaitsInSilence() {
        conversation.connected("amy", "none");
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        assertThat(session.commands()).containsExactly("WAIT FOR DIGIT 5000");
        assertThat(conversation.held()).isTrue();
    }

    @Test
    void aHangUpWhileHeldHangsTheParkedChannelUpAndEndsTheLegWithoutABridge() {
        conversation.connected("amy", "default");
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        clock.advance(Duration.ofSeconds(3));
        CompletableFuture<Void> hangUp = conversation.hangUp();
        session.run();
        assertThat(hangUp).isCompleted();
        assertThat(channels.hungUp).containsExactly(AGENT_CHANNEL);
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(session.commands()).noneMatch(c -> c.startsWith("EXEC Bridge"));
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aCallerWhoHangsUpWhileHeldTakesTheParkedAgentChannelAlong() {
        conversation.connected("amy", "default");
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        session.callerHangsUp();
        session.run();
        assertThat(leg.toCompletableFuture()).isCompletedExceptionally();
        assertThat(leg.toCompletableFuture().exceptionNow()).isInstanceOf(CallerHungUpException.class);
        conversation.ended();
        assertThat(channels.hungUp).containsExactly(AGENT_CHANNEL);
    }

    @Test
    void aTransferWhileHeldHangsTheParkedChannelUpAndTheCallTakesTheTargetOnce() {
        conversation.connected("amy", "default");
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        CompletableFuture<Void> transfer = conversation.transfer(TransferTarget.toQueue("sales"));
        session.run();
        assertThat(transfer).isCompleted();
        assertThat(channels.hungUp).containsExactly(AGENT_CHANNEL);
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(session.commands()).noneMatch(c -> c.startsWith("EXEC Bridge"));
        // A second request while the first is pending is refused; the call takes the transfer once.
        CompletableFuture<Void> again = conversation.transfer(TransferTarget.toQueue("support"));
        session.run();
        assertThat(again.exceptionNow()).isInstanceOf(IllegalStateException.class).hasMessageContaining("sales");
        assertThat(conversation.transferring()).isTrue();
        assertThat(conversation.takeTransfer()).isEqualTo(TransferTarget.toQueue("sales"));
        assertThat(conversation.takeTransfer()).isNull();
        // The next agent's leg starts with nothing of this one's control left.
        conversation.ended();
        conversation.connected("bob", "default");
        assertThat(conversation.transferring()).isFalse();
    }

    @Test
    void aTransferWhoseHangUpFailsLeavesNoTransferPending() {
        AgentChannels failing = new AgentChannels() {
            @Override
            public CompletableFuture<String> peerOf(String callId) {
                return CompletableFuture.completedFuture(AGENT_CHANNEL);
            }

            @Override
            public CompletableFuture<Void> park(String channel) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> hangUp(String channel) {
                return CompletableFuture.failedFuture(new IllegalStateException("Hangup failed: No such channel"));
            }
        };
        Conversation c = new Conversation(new AgiPrompter(session), failing, clock, session.eventLoop(), "call-1");
        c.connected("amy", "default");
        CompletableFuture<Void> transfer = c.transfer(TransferTarget.toQueue("sales"));
        session.run();
        assertThat(transfer.exceptionNow()).hasMessageContaining("No such channel");
        assertThat(c.transferring()).isFalse();
    }

    @Test
    void aLegThatEndsWithoutAHoldEndsAsItIs() {
        conversation.connected("amy", "default");
        dial.complete(AgentLeg.ANSWER);
        session.run();
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(session.commands()).isEmpty();
        assertThat(channels.parked).isEmpty();
    }

    @Test
    void requestsThatDoNotApplyAreRefused() {
        CompletableFuture<Void> noCall = conversation.hold();
        session.run();
        assertThat(noCall.exceptionNow()).isInstanceOf(IllegalStateException.class);
        conversation.connected("amy", "default");
        CompletableFuture<Void> notHeld = conversation.resume();
        session.run();
        assertThat(notHeld.exceptionNow()).isInstanceOf(IllegalStateException.class);
        conversation.hold();
        session.run();
        CompletableFuture<Void> twice = conversation.hold();
        session.run();
        assertThat(twice.exceptionNow()).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThat(channels.parked).containsExactly(AGENT_CHANNEL);
    }
}
