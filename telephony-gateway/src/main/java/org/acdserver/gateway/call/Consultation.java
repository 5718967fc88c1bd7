package org.acdserver.gateway.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attended transfer from the desktop: the agent consults a number while the caller holds, then completes the
 * transfer or cancels it.
 *
 * <p>Consult holds the caller as {@link Conversation#hold()} does (music), but redirects the agent's channel into
 * {@value #CONSULT_CONTEXT} instead of the hold context (from there, when the caller was held already), which dials
 * the number through the transfer context and, when the consulted party hangs up by itself, sends the agent's channel
 * back to the hold context: the agent is then held again and may resume. Complete takes the consulted party's channel
 * out of the agent's bridge into the hold context (a redirect; it stays up), hangs the agent's channel up and bridges
 * the caller with it (a transfer to the number, recorded as a blind one). Cancel hangs the consulted party up (or
 * stops its ringing) and resumes. The caller who hangs up during a consult ends the call as a held caller does: the
 * agent's channel is hung up, and the consult leg, which it dialled, with it.
 *
 * <p>State is touched only on the call's event loop; the requests hop onto it.
 */
final class Consultation {

    private static final Logger LOG = LoggerFactory.getLogger(Consultation.class);
    /** The dialplan context the agent's channel consults from (config/asterisk/extensions_acd.conf). */
    static final String CONSULT_CONTEXT = "acd-agent-consult";

    private final Conversation conversation;
    private final AgentChannels channels;
    private final Executor loop;
    private final String callId;
    /** The number being consulted, or null. Read by other threads. */
    private volatile String number;
    /** A completion handed the call its transfer: what fails after that no longer restores the consult. */
    private boolean transferring;

    Consultation(Conversation conversation, AgentChannels channels, Executor loop, String callId) {
        this.conversation = conversation;
        this.channels = channels;
        this.loop = loop;
        this.callId = callId;
    }

    /** The number the agent consults now, or null. Any thread. */
    String number() {
        return number;
    }

    /** Whether the agent consults now. Any thread. */
    boolean active() {
        return number != null;
    }

    /** The conversation started or ended: no consult is left of it. On the event loop. */
    void reset() {
        number = null;
    }

    /**
     * Holds the caller (unless held already) and connects the agent's phone to {@code target}, a number. Fails with
     * {@link IllegalStateException} when there is no call or a consult or transfer is under way.
     */
    CompletableFuture<Void> consult(TransferTarget target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            String refused = conversation.agentId() == null ? "no call to consult from"
                    : number != null ? "consulting " + number + " already"
                    : conversation.transferring() ? "the call is being transferred" : null;
            if (refused != null) {
                done.completeExceptionally(new IllegalStateException(refused));
                return;
            }
            number = target.id();
            LOG.info("call {}: agent {} consults {}", callId, conversation.agentId(), target.id());
            Function<String, CompletableFuture<Void>> toConsult =
                    channel -> channels.redirect(channel, CONSULT_CONTEXT, target.id());
            // Talking: one redirect takes the agent's channel out of the bridge straight into the consult.
            CompletableFuture<Void> held = conversation.held() ? toConsult.apply(conversation.agentChannel())
                    : conversation.hold(toConsult);
            held.whenCompleteAsync((ok, err) -> {
                if (err == null) {
                    done.complete(null);
                } else {
                    // As before: talking when the hold failed with it, else held (the agent's channel waits).
                    LOG.warn("call {}: consult of {} failed: {}", callId, target.id(), err.toString());
                    number = null;
                    done.completeExceptionally(err);
                }
            }, loop);
        });
        return done;
    }

    /**
     * Bridges the caller with the consulted party and ends the agent's leg. Fails with {@link IllegalStateException}
     * without a consult, or when the consulted party is not on the line (still ringing, or gone).
     */
    CompletableFuture<Void> complete() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (number == null) {
                done.completeExceptionally(new IllegalStateException("no consult to complete"));
                return;
            }
            String consulted = number;
            // One completion at a time: a second click finds no consult (restored if this one cannot go on).
            number = null;
            channels.peerOf(conversation.agentChannel()).thenComposeAsync(peer -> {
                if (peer == null || peer.isEmpty()) {
                    throw new IllegalStateException("the consulted party " + consulted + " is not on the line");
                }
                LOG.info("call {}: agent {} completes the transfer to {} ({})", callId, conversation.agentId(),
                        consulted, peer);
                // Out of the agent's bridge first: hanging the agent's channel up would take the party along.
                return channels.park(peer).thenComposeAsync(v -> {
                    transferring = true;
                    CompletableFuture<Void> transfer = conversation.transfer(TransferTarget.consulted(consulted, peer));
                    // The caller went meanwhile: the party, out of every bridge now, is not left waiting.
                    transfer.exceptionally(err -> {
                        channels.hangUp(peer);
                        return null;
                    });
                    return transfer;
                }, loop);
            }, loop).whenCompleteAsync((ok, err) -> {
                if (err == null) {
                    done.complete(null);
                    return;
                }
                if (!transferring && conversation.agentId() != null) {
                    // The party is not on the line (or could not be moved): the consult goes on.
                    number = consulted;
                }
                transferring = false;
                done.completeExceptionally(err);
            }, loop);
        });
        return done;
    }

    /**
     * Hangs the consulted party up (or stops its ringing) and brings the agent back to the caller, as a resume does.
     * Fails with {@link IllegalStateException} without a consult.
     */
    CompletableFuture<Void> cancel() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (number == null) {
                done.completeExceptionally(new IllegalStateException("no consult to cancel"));
                return;
            }
            String agentChannel = conversation.agentChannel();
            LOG.info("call {}: agent {} cancels the consult of {}", callId, conversation.agentId(), number);
            number = null;
            channels.peerOf(agentChannel)
                    // Bridged: the party's hang-up ends the agent's Dial, whose channel goes back to the hold context.
                    // Ringing (no peer yet): the agent's channel is sent there, which ends the Dial.
                    .thenCompose(peer -> peer == null || peer.isEmpty() ? channels.park(agentChannel)
                            : channels.hangUp(peer))
                    // A party that hung up meanwhile is no reason to keep the caller waiting.
                    .handle((ok, err) -> null)
                    .thenComposeAsync(v -> conversation.resume(), loop)
                    .whenComplete((ok, err) -> {
                        if (err == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(err);
                        }
                    });
        });
        return done;
    }
}
