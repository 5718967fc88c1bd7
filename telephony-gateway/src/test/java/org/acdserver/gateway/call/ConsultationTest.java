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
 * The attended transfer's state logic against a scripted AGI session and fake manager requests: consult takes the
 * agent's channel straight into the consult context while the caller hears music, complete takes the consulted party
 * out of the agent's bridge before hanging the agent up and hands the call a transfer that bridges it with the party,
 * cancel hangs the party up and bridges the caller with the agent again, and a held caller whose agent's channel hung
 * up by itself is not left on music.
 */
class ConsultationTest {

    private static final String AGENT_CHANNEL = "PJSIP/amy-00000001";
    private static final String PARTY = "Local/5559000@acd-transfer-00000002;1";

    /** The fake manager: what it was asked, in order, and the agent channel's peer (the party once it answered). */
    private FakeAgentChannels channels;
    private ScriptedAgiSession session;
    private TestClock clock;
    private Conversation conversation;
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
        conversation.connected("amy", "default");
    }

    /** The agent consults the sandbox number from a talking call; the Dial returns and the caller holds. */
    private void consulting() {
        CompletableFuture<Void> consult = conversation.consultation().consult(TransferTarget.toNumber("5559000"));
        session.run();
        assertThat(consult).isCompleted();
        dial.complete(AgentLeg.ANSWER);
        session.run();
    }

    @Test
    void aConsultTakesTheAgentsChannelStraightIntoTheConsultWhileTheCallerHearsMusic() {
        consulting();
        assertThat(channels.asked).containsExactly("redirect " + AGENT_CHANNEL + " acd-agent-consult 5559000");
        assertThat(conversation.held()).isTrue();
        assertThat(conversation.consultation().number()).isEqualTo("5559000");
        assertThat(session.commands()).containsExactly("SET MUSIC on default", "WAIT FOR DIGIT 5000");
        // One consult at a time.
        CompletableFuture<Void> again = conversation.consultation().consult(TransferTarget.toNumber("5551234"));
        session.run();
        assertThat(again.exceptionNow()).isInstanceOf(IllegalStateException.class).hasMessageContaining("5559000");
    }

    @Test
    void completingMovesThePartyOutBeforeHangingTheAgentUpAndTheCallIsBridgedWithIt() {
        consulting();
        clock.advance(Duration.ofSeconds(12));
        channels.agentPeer = PARTY;
        CompletableFuture<Void> complete = conversation.consultation().complete();
        session.run();
        assertThat(complete).isCompleted();
        // The party leaves the agent's bridge first: hanging the agent up before would take the party along.
        assertThat(channels.asked).containsSubsequence("park " + PARTY, "hangup " + AGENT_CHANNEL);
        assertThat(channels.asked).doesNotContain("hangup " + PARTY);
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(conversation.legEnd()).isEqualTo(CallEvent.TRANSFERRED_OUT);
        TransferTarget target = conversation.takeTransfer();
        assertThat(target.id()).isEqualTo("5559000");
        assertThat(target.application()).isEqualTo("Bridge " + PARTY + ",x");
        // The consult is hold time of the call.
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(12));
        assertThat(conversation.consultation().active()).isFalse();
        assertThat(session.commands()).noneMatch(c -> c.startsWith("EXEC Bridge"));
    }

    @Test
    void aSecondCompletionWhileTheFirstIsUnderWayIsRefusedAndLeavesThePartyAlone() {
        consulting();
        channels.agentPeer = PARTY;
        CompletableFuture<Void> first = conversation.consultation().complete();
        CompletableFuture<Void> second = conversation.consultation().complete();
        session.run();
        assertThat(first).isCompleted();
        assertThat(second.exceptionNow()).isInstanceOf(IllegalStateException.class);
        assertThat(channels.asked).doesNotContain("hangup " + PARTY).containsOnlyOnce("park " + PARTY);
        assertThat(conversation.takeTransfer().channel()).isEqualTo(PARTY);
    }

    @Test
    void completingBeforeThePartyAnswersIsRefusedAndTheConsultGoesOn() {
        consulting();
        CompletableFuture<Void> complete = conversation.consultation().complete();
        session.run();
        assertThat(complete.exceptionNow()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not on the line");
        assertThat(conversation.consultation().active()).isTrue();
        assertThat(conversation.held()).isTrue();
        assertThat(channels.asked).noneMatch(a -> a.startsWith("hangup"));
    }

    @Test
    void cancellingHangsThePartyUpAndBridgesTheCallerWithTheAgentAgain() {
        consulting();
        channels.agentPeer = PARTY;
        CompletableFuture<Void> cancel = conversation.consultation().cancel();
        session.run();
        assertThat(cancel).isCompleted();
        assertThat(channels.asked).contains("hangup " + PARTY).doesNotContain("hangup " + AGENT_CHANNEL);
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
        assertThat(conversation.held()).isFalse();
        assertThat(conversation.consultation().active()).isFalse();
        assertThat(leg.toCompletableFuture()).isNotDone();
    }

    @Test
    void cancellingWhileThePartyRingsSendsTheAgentsChannelBackToHoldAndResumes() {
        consulting();
        CompletableFuture<Void> cancel = conversation.consultation().cancel();
        session.run();
        assertThat(cancel).isCompleted();
        assertThat(channels.asked).contains("park " + AGENT_CHANNEL);
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
    }

    @Test
    void resumeDuringAConsultCancelsIt() {
        consulting();
        channels.agentPeer = PARTY;
        CompletableFuture<Void> resume = conversation.resume();
        session.run();
        assertThat(resume).isCompleted();
        assertThat(channels.asked).contains("hangup " + PARTY);
        assertThat(conversation.consultation().active()).isFalse();
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
    }

    @Test
    void aPartyThatHungUpByItselfLeavesTheAgentHeldAndResumeStillWorks() {
        consulting();
        // The dialplan sent the agent's channel back to the hold context: no peer any more.
        channels.agentPeer = "";
        CompletableFuture<Void> complete = conversation.consultation().complete();
        session.run();
        assertThat(complete).isCompletedExceptionally();
        assertThat(conversation.held()).isTrue();
        CompletableFuture<Void> resume = conversation.resume();
        session.run();
        assertThat(resume).isCompleted();
        assertThat(session.running()).isEqualTo("EXEC Bridge " + AGENT_CHANNEL + ",x");
    }

    @Test
    void aCallerWhoHangsUpDuringAConsultTakesTheAgentsChannelAndWithItTheConsultLegAlong() {
        consulting();
        channels.agentPeer = PARTY;
        session.callerHangsUp();
        assertThat(leg.toCompletableFuture().exceptionNow()).isInstanceOf(CallerHungUpException.class);
        conversation.ended();
        // The party is the callee of the agent channel's Dial: that channel's hang-up ends it.
        assertThat(channels.asked).contains("hangup " + AGENT_CHANNEL);
        assertThat(conversation.consultation().active()).isFalse();
    }

    @Test
    void requestsWithoutAConsultAreRefused() {
        CompletableFuture<Void> complete = conversation.consultation().complete();
        CompletableFuture<Void> cancel = conversation.consultation().cancel();
        session.run();
        assertThat(complete.exceptionNow()).isInstanceOf(IllegalStateException.class);
        assertThat(cancel.exceptionNow()).isInstanceOf(IllegalStateException.class);
        conversation.ended();
        CompletableFuture<Void> noCall = conversation.consultation().consult(TransferTarget.toNumber("5559000"));
        session.run();
        assertThat(noCall.exceptionNow()).isInstanceOf(IllegalStateException.class);
        assertThat(channels.asked).isEmpty();
    }

    @Test
    void aHeldCallerWhoseAgentChannelHungUpIsNotLeftOnMusic() {
        conversation.hold();
        session.run();
        dial.complete(AgentLeg.ANSWER);
        session.run();
        // A slice passes with the agent's channel still there: the caller holds on.
        session.reply("200 result=0");
        assertThat(session.running()).isEqualTo("WAIT FOR DIGIT 5000");
        assertThat(leg.toCompletableFuture()).isNotDone();
        // The agent's phone hangs up while holding: after the next slice the leg ends as a hang-up would end it.
        clock.advance(Duration.ofSeconds(9));
        channels.agentAlive = false;
        session.reply("200 result=0");
        assertThat(leg.toCompletableFuture()).isCompletedWithValue(AgentLeg.ANSWER);
        assertThat(conversation.legEnd()).isEqualTo(CallEvent.AGENT_LEG_ENDED);
        assertThat(conversation.held()).isFalse();
        assertThat(conversation.holdTime()).isEqualTo(Duration.ofSeconds(9));
        assertThat(session.commands()).noneMatch(c -> c.startsWith("EXEC Bridge"));
        assertThat(channels.asked).filteredOn(a -> a.startsWith("alive")).hasSize(2);
    }
}
