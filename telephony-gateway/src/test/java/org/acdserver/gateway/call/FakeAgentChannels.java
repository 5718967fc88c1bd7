package org.acdserver.gateway.call;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * The manager's side of call control without Asterisk: the caller's bridge peer is the agent's channel, the agent
 * channel's peer is whatever the test sets (a consulted party once it answered), and every action succeeds and is
 * written down in order, so a test can assert what the call control asked for.
 */
final class FakeAgentChannels implements AgentChannels {

    private final String callId;
    private final String agentChannel;
    /** Everything asked, in order: "park X", "redirect X context exten", "hangup X", "alive X". */
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> parked = new CopyOnWriteArrayList<>();
    final List<String> hungUp = new CopyOnWriteArrayList<>();
    /** The agent channel's bridge peer as the manager would tell it; empty while it has none. */
    volatile String agentPeer = "";
    /** Whether the agent's channel still exists. */
    volatile boolean agentAlive = true;
    /** Watches of channels, as the manager connection keeps them. */
    private final ChannelHangUps hangUps = new ChannelHangUps();

    FakeAgentChannels(String callId, String agentChannel) {
        this.callId = callId;
        this.agentChannel = agentChannel;
    }

    @Override
    public CompletableFuture<String> peerOf(String channel) {
        String peer = callId.equals(channel) ? agentChannel : agentChannel.equals(channel) ? agentPeer : "";
        return CompletableFuture.completedFuture(peer);
    }

    @Override
    public CompletableFuture<Void> park(String channel) {
        asked.add("park " + channel);
        parked.add(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> hangUp(String channel) {
        asked.add("hangup " + channel);
        hungUp.add(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> redirect(String channel, String context, String exten) {
        asked.add("redirect " + channel + " " + context + " " + exten);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Runnable whenGone(String channel, Runnable gone) {
        return hangUps.watch(channel, gone);
    }

    /** The manager reports {@code channel} hung up by itself. */
    void hangsUpByItself(String channel) {
        hangUps.onEvent(AmiMessage.of("Event", "Hangup", "Channel", channel));
    }

    /** Channels watched for a hang-up of their own now. */
    int watched() {
        return hangUps.watched();
    }

    @Override
    public CompletableFuture<Boolean> alive(String channel) {
        asked.add("alive " + channel);
        return CompletableFuture.completedFuture(agentAlive);
    }
}
