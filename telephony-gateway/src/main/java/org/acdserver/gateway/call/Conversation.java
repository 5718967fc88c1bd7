package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.acdserver.flow.CallerHungUpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected call as the agent controls it from the desktop: hold, resume, hang up, and a blind transfer to a queue
 * (the agent's leg ends as for a hang-up, and the call then takes the transfer: {@link #takeTransfer()}).
 *
 * <p>Holding takes the agent's channel out of the bridge (the manager's {@code Redirect} into {@value #HOLD_CONTEXT},
 * where it waits), so the caller's {@code Dial} returns to the AGI session; the caller then hears music on hold in a
 * wait that a resume cuts short at once (as an offer cuts a queued caller's hold), and the resume bridges the caller
 * with the waiting agent channel again ({@code EXEC Bridge}). The caller's AGI session lives on throughout, so the call
 * keeps its state, its record and its agent. A hang-up asked while held hangs the parked agent channel up and ends the
 * hold without bridging again; either way the leg ends as after any conversation. A parked agent channel that hangs up
 * by itself (the phone hung up while holding, or during a consult) ends the hold at once, on the manager's
 * {@code Hangup}; the caller's wait also checks the channel at the end of each slice, in case that event was lost.
 *
 * <p>State is touched only on the call's event loop; the requests hop onto it.
 */
final class Conversation {

    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);
    /** The dialplan context a held agent's channel waits in (config/asterisk/extensions_acd.conf). */
    static final String HOLD_CONTEXT = "acd-agent-hold";
    /**
     * Short, unlike {@link QueueHold}'s: at the end of each slice the held caller's wait checks that the parked agent's
     * channel still lives. The manager's {@code Hangup} of that channel ends the hold at once; this check is for a
     * {@code Hangup} lost with a dropped manager connection, so such a phone leaves the caller on music this long at
     * most.
     */
    private static final long SLICE_MILLIS = 5_000;

    private final AgiPrompter prompter;
    private final AgentChannels channels;
    private final Clock clock;
    private final Executor loop;
    private final String callId;
    /** The agent who answered; null before the answer and after the leg ended. Read by other threads. */
    private volatile String agentId;
    private volatile boolean held;
    private String musicClass;
    private String agentChannel;
    /** The agent's channel is out of the bridge, waiting in the hold context. Written on the event loop only. */
    private volatile boolean parked;
    /** A hang-up was asked while parked: the leg ends without bridging again. */
    private boolean ending;
    /** Where the agent transferred the call, until the call takes it when the agent's leg ended. */
    private TransferTarget transferTarget;
    private Instant heldSince;
    private Duration holdTime = Duration.ZERO;
    /** An attended transfer under way (consult, then complete or cancel). */
    private final Consultation consultation;

    Conversation(AgiPrompter prompter, AgentChannels channels, Clock clock, Executor loop, String callId) {
        this.prompter = prompter;
        this.channels = channels;
        this.clock = clock;
        this.loop = loop;
        this.callId = callId;
        this.consultation = new Consultation(this, channels, loop, callId);
    }

    Consultation consultation() {
        return consultation;
    }

    /** Stops watching the parked agent channel for a hang-up of its own; a no-op when none is watched. */
    private Runnable stopWatching = () -> { };

    /** The agent's channel once held (parked, or consulting from there); null before. On the event loop. */
    String agentChannel() {
        return agentChannel;
    }

    String callId() {
        return callId;
    }

    /** The agent answered; the caller hears {@code musicClass} while held. On the event loop. */
    void connected(String agent, String music) {
        this.agentId = agent;
        this.musicClass = music;
        // A call transferred to another queue is connected again: nothing of the last leg's control is left.
        this.ending = false;
        this.transferTarget = null;
        consultation.reset();
    }

    /** The conversation is over: no request reaches it any more. On the event loop. */
    void ended() {
        agentId = null;
        consultation.reset();
        if (held) {
            unhold();
        }
        if (parked && agentChannel != null) {
            // The caller hung up while held: the agent's channel waiting in the hold context goes too.
            parked = false;
            stopWatching.run();
            channels.hangUp(agentChannel);
        }
    }

    /** The agent talking on this call, or null. Any thread. */
    String agentId() {
        return agentId;
    }

    /**
     * Whether the agent's channel is out of the caller's bridge on purpose (held, consulting). Any thread: it is set
     * on the event loop before the agent's channel is sent out of the bridge.
     */
    boolean parked() {
        return parked;
    }

    /** Whether the caller is held now. Any thread. */
    boolean held() {
        return held;
    }

    /** Time the caller was held so far (up to the end of the conversation once it ended). On the event loop. */
    Duration holdTime() {
        return held ? holdTime.plus(Duration.between(heldSince, clock.instant())) : holdTime;
    }

    // ---- requests: any thread -----------------------------------------------------------------------------------

    /** Puts the caller on hold; fails with {@link IllegalStateException} when the call is not one to hold. */
    CompletableFuture<Void> hold() {
        return hold(channels::park);
    }

    /**
     * Holds the caller, sending the agent's channel out of the bridge with {@code park} (into the hold context, or
     * straight into a consult: a second redirect right after the first is refused while the first is under way).
     */
    CompletableFuture<Void> hold(Function<String, CompletableFuture<Void>> park) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (agentId == null || held || parked) {
                done.completeExceptionally(new IllegalStateException(held ? "the call is on hold already"
                        : "no call to hold"));
                return;
            }
            held = true;
            parked = true;
            heldSince = clock.instant();
            peer().thenComposeAsync(channel -> {
                agentChannel = channel;
                stopWatching.run();
                // Watched before it leaves the bridge, so that no hang-up of it while parked goes unseen.
                stopWatching = channels.whenGone(channel, () -> loop.execute(() -> parkedChannelGone(channel)));
                // Into the hold context, or straight into a consult (Consultation logs which number).
                LOG.info("call {}: agent {} holds the caller; {} leaves the bridge", callId, agentId, channel);
                return park.apply(channel);
            }, loop).whenCompleteAsync((ok, err) -> {
                if (err == null) {
                    done.complete(null);
                    return;
                }
                // The agent's channel never left the bridge: the call talks on.
                LOG.warn("call {}: hold failed: {}", callId, err.toString());
                held = false;
                parked = false;
                stopWatching.run();
                done.completeExceptionally(err);
            }, loop);
        });
        return done;
    }

    /** Brings the held caller back to the agent; fails with {@link IllegalStateException} when not held. */
    CompletableFuture<Void> resume() {
        if (consultation.active()) {
            // Back to the caller from a consult: the consulted party is hung up first.
            return consultation.cancel();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (!held || agentId == null) {
                done.completeExceptionally(new IllegalStateException("the call is not on hold"));
                return;
            }
            unhold();
            LOG.info("call {}: agent {} resumes the call", callId, agentId);
            // Cuts the caller's wait short, so that the bridge follows at once.
            prompter.interruptWith("SET MUSIC off");
            done.complete(null);
        });
        return done;
    }

    /** Hangs the agent's leg up, held or not; the call then ends as after any conversation. */
    CompletableFuture<Void> hangUp() {
        return endLeg(null);
    }

    /**
     * A blind transfer to {@code target}: the agent's leg is hung up (held or not), and once it ended the call takes
     * the transfer ({@link #takeTransfer()}) instead of ending. Fails with {@link IllegalStateException} when there
     * is no call or it is being transferred already.
     */
    CompletableFuture<Void> transfer(TransferTarget target) {
        return endLeg(target);
    }

    /** Whether the agent transferred the call (its leg ends for that). On the event loop. */
    boolean transferring() {
        return transferTarget != null;
    }

    /** What the end of the agent's leg means for the call: a transfer to a queue or a number, or the end. */
    CallEvent legEnd() {
        return transferTarget == null ? CallEvent.AGENT_LEG_ENDED
                : transferTarget.queue() ? CallEvent.TRANSFERRED : CallEvent.TRANSFERRED_OUT;
    }

    /** The transfer asked for the leg that just ended, once (null when the leg ended otherwise). On the event loop. */
    TransferTarget takeTransfer() {
        TransferTarget target = transferTarget;
        transferTarget = null;
        return target;
    }

    private CompletableFuture<Void> endLeg(TransferTarget transferTo) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (agentId == null || transferTarget != null) {
                done.completeExceptionally(new IllegalStateException(agentId == null ? "no call to hang up"
                        : "the call is being transferred to " + transferTarget + " already"));
                return;
            }
            if (transferTo != null) {
                LOG.info("call {}: agent {} transfers the call to {}", callId, agentId, transferTo);
                transferTarget = transferTo;
            }
            if (parked) {
                ending = true;
                // The hang-up asked for here is not the phone's own.
                stopWatching.run();
                if (held) {
                    unhold();
                }
                prompter.interruptWith("SET MUSIC off");
            }
            CompletableFuture<String> channel = agentChannel != null && parked
                    ? CompletableFuture.completedFuture(agentChannel) : peer();
            channel.thenCompose(channels::hangUp).whenCompleteAsync((ok, err) -> {
                if (err == null) {
                    done.complete(null);
                } else {
                    // The agent's leg goes on: no transfer is pending.
                    transferTarget = null;
                    done.completeExceptionally(err);
                }
            }, loop);
        });
        return done;
    }

    private void unhold() {
        held = false;
        holdTime = holdTime.plus(Duration.between(heldSince, clock.instant()));
    }

    private CompletableFuture<String> peer() {
        return channels.peerOf(callId).thenApply(channel -> {
            if (channel == null || channel.isEmpty()) {
                throw new IllegalStateException("call " + callId + " is bridged with no agent channel");
            }
            return channel;
        });
    }

    // ---- the caller's side, on the event loop ---------------------------------------------------------------------

    /**
     * The agent's leg ({@code Dial}, or the {@code Bridge} of a resume) ended with {@code status}: when the agent's
     * channel was parked on purpose, the caller holds until resumed and is then bridged again, and the stage completes
     * when that leg ends; otherwise it completes with {@code status} at once. Fails with {@link CallerHungUpException}
     * when the caller hangs up meanwhile.
     */
    CompletionStage<String> afterLeg(String status) {
        LOG.debug("call {}: agent leg ended ({}), parked {}, held {}", callId, status, parked, held);
        if (!parked || !AgentLeg.ANSWER.equals(status)) {
            return CompletableFuture.completedFuture(status);
        }
        CompletableFuture<String> end = new CompletableFuture<>();
        if (!held) {
            // Resumed before the Dial returned: straight back to the agent.
            reconnect(end);
            return end;
        }
        HoldMusic.on(prompter, musicClass).whenComplete((r, err) -> waitSlice(end));
        return end;
    }

    private void waitSlice(CompletableFuture<String> end) {
        if (!held) {
            reconnect(end);
            return;
        }
        prompter.command("WAIT FOR DIGIT " + SLICE_MILLIS).whenComplete((reply, err) -> {
            if (err != null || reply.result() < 0) {
                end.completeExceptionally(new CallerHungUpException());
            } else if (!held || reply.result() > 0) {
                waitSlice(end);
            } else {
                // A whole slice passed: the caller must not hold on with nobody if the agent's phone hung up.
                channels.alive(agentChannel).whenCompleteAsync((alive, e) -> {
                    if (held && Boolean.FALSE.equals(alive)) {
                        agentGone();
                    }
                    waitSlice(end);
                }, loop);
            }
        });
    }

    /**
     * The agent's parked channel hung up by itself (the phone hung up while holding, or during a consult): the leg
     * ends as if the agent had hung up from the desktop, so the call ends answered and the flow goes on after the
     * queue (its goodbye) instead of leaving the caller on music with nobody.
     */
    private void agentGone() {
        LOG.info("call {}: agent {}'s held channel {} hung up; the call ends answered", callId, agentId, agentChannel);
        ending = true;
        parked = false;
        stopWatching.run();
        consultation.reset();
        unhold();
    }

    /**
     * The manager reported the parked channel {@code channel} hung up. Ends the hold now rather than at the end of the
     * caller's slice, unless the hold ended already (a resume, or a hang-up or transfer the agent asked for).
     */
    private void parkedChannelGone(String channel) {
        if (!held || !parked || ending || !channel.equals(agentChannel)) {
            return;
        }
        agentGone();
        // Cuts the caller's wait short: the leg then ends without a bridge.
        prompter.interruptWith("SET MUSIC off");
    }

    private void reconnect(CompletableFuture<String> end) {
        parked = false;
        stopWatching.run();
        if (ending) {
            end.complete(AgentLeg.ANSWER);
            return;
        }
        prompter.command("SET MUSIC off")
                .thenCompose(r -> prompter.command("EXEC Bridge " + agentChannel + ",x"))
                .thenCompose(reply -> afterLeg(AgentLeg.ANSWER))
                .whenComplete((status, err) -> {
                    if (err != null) {
                        end.completeExceptionally(new CallerHungUpException());
                    } else {
                        end.complete(status);
                    }
                });
    }
}
