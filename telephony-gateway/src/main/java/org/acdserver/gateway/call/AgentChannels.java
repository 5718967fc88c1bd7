package org.acdserver.gateway.call;

import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * What the agent's call control ({@link Conversation}) asks of Asterisk's manager about the agent's channel, all
 * without blocking: which channel is bridged with the caller, park it in the hold context, hang it up, and whether
 * it hung up by itself.
 */
public interface AgentChannels {

    /** For a server without a manager connection: every request fails. */
    AgentChannels NONE = new AgentChannels() {
        @Override
        public CompletableFuture<String> peerOf(String callId) {
            return CompletableFuture.failedFuture(new IllegalStateException("no manager connection"));
        }

        @Override
        public CompletableFuture<Void> park(String channel) {
            return CompletableFuture.failedFuture(new IllegalStateException("no manager connection"));
        }

        @Override
        public CompletableFuture<Void> hangUp(String channel) {
            return CompletableFuture.failedFuture(new IllegalStateException("no manager connection"));
        }
    };

    /** The channel bridged with the caller's channel {@code callId} ({@code BRIDGEPEER}); "" when none. */
    CompletableFuture<String> peerOf(String callId);

    /** Sends the channel to {@value Conversation#HOLD_CONTEXT}, where it waits to be bridged again. */
    CompletableFuture<Void> park(String channel);

    CompletableFuture<Void> hangUp(String channel);

    /** Sends the channel to {@code exten},1 of {@code context} (a consult: {@value Consultation#CONSULT_CONTEXT}). */
    default CompletableFuture<Void> redirect(String channel, String context, String exten) {
        return CompletableFuture.failedFuture(new IllegalStateException("no manager connection to redirect "
                + channel));
    }

    /**
     * Whether the channel still exists; true when that cannot be told (no manager connection), so that a held call
     * is never ended for want of an answer.
     */
    default CompletableFuture<Boolean> alive(String channel) {
        return CompletableFuture.completedFuture(true);
    }

    /**
     * Runs {@code gone} once the manager reports {@code channel} (by name) hung up, on the manager connection's
     * thread; the returned action stops watching. Without a manager connection nothing is ever reported.
     */
    default Runnable whenGone(String channel, Runnable gone) {
        return () -> { };
    }

    /**
     * The requests over a manager connection. Its futures complete on the connection's thread; nothing here waits on
     * them there (a blocking wait on that thread would never end).
     */
    static AgentChannels over(AmiClient ami) {
        ChannelHangUps hangUps = new ChannelHangUps();
        ami.addListener(hangUps);
        return new AgentChannels() {
            @Override
            public CompletableFuture<String> peerOf(String callId) {
                // Asterisk finds a channel by its unique id when no channel name matches.
                return ami.send(AmiAction.of("Getvar").with("Channel", callId).with("Variable", "BRIDGEPEER"))
                        .thenApply(r -> {
                            success(r, "Getvar BRIDGEPEER of " + callId);
                            String v = r.get("Value");
                            return v == null ? "" : v;
                        });
            }

            @Override
            public CompletableFuture<Void> park(String channel) {
                return ami.redirect(channel, Conversation.HOLD_CONTEXT, "s", 1)
                        .thenAccept(r -> success(r, "Redirect of " + channel + " to " + Conversation.HOLD_CONTEXT));
            }

            @Override
            public CompletableFuture<Void> hangUp(String channel) {
                return ami.hangup(channel).thenAccept(r -> success(r, "Hangup of " + channel));
            }

            @Override
            public CompletableFuture<Void> redirect(String channel, String context, String exten) {
                return ami.redirect(channel, context, exten, 1)
                        .thenAccept(r -> success(r, "Redirect of " + channel + " to " + exten + "@" + context));
            }

            @Override
            public CompletableFuture<Boolean> alive(String channel) {
                // Only Asterisk's own "No such channel" says it is gone; a broken connection says nothing.
                return ami.send(AmiAction.of("Getvar").with("Channel", channel).with("Variable", "CHANNEL(state)"))
                        .handle((r, err) -> err != null || r == null
                                || !"Error".equalsIgnoreCase(r.get("Response"))
                                || !String.valueOf(r.get("Message")).contains("No such channel"));
            }

            @Override
            public Runnable whenGone(String channel, Runnable gone) {
                return hangUps.watch(channel, gone);
            }
        };
    }

    private static void success(AmiMessage response, String what) {
        if (!"Success".equalsIgnoreCase(response.get("Response"))) {
            throw new IllegalStateException(what + " failed: " + response.get("Message"));
        }
    }
}
