package org.acdserver.gateway.call;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.acdserver.core.RoutingCore;
import org.acdserver.gateway.config.ConfigurationSnapshot;

/**
 * The agent desktop's call control: hold, resume, hang up, transfer (blind, to a queue, an agent or a number) and
 * consult (attended transfer) on the call the agent is talking on. A request names only the agent (the one logged
 * in), never a call, so no agent reaches another agent's call. Hold and resume also go to the routing core, whose
 * agent-state history then shows the agent {@code on_hold} with the call (cause {@code desktop}).
 */
public final class CallControl {

    private final CallRegistry registry;
    private final RoutingCore core;
    /** The active configuration, whose queues are the transfer targets. */
    private final Supplier<ConfigurationSnapshot> configuration;

    public CallControl(CallRegistry registry, RoutingCore core, Supplier<ConfigurationSnapshot> configuration) {
        this.registry = registry;
        this.core = core;
        this.configuration = configuration;
    }

    /** The queues a call can be transferred to: every queue of the active configuration, by id. */
    public List<String> transferQueues() {
        return configuration.get().routing().queuesById().keySet().stream().sorted().toList();
    }

    /**
     * A blind transfer of the agent's call to {@code queue}: the agent's leg ends (the agent goes to wrap-up) and the
     * call joins that queue with its priority and skills. Fails with {@link IllegalArgumentException} for a queue
     * that does not exist and {@link IllegalStateException} when the agent has no call to transfer.
     */
    public CompletableFuture<Void> transfer(String agentId, String queue) {
        if (queue == null || !configuration.get().routing().queuesById().containsKey(queue)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no queue " + queue
                    + " to transfer to; queues: " + transferQueues()));
        }
        return on(agentId, c -> c.transfer(TransferTarget.toQueue(queue)));
    }

    /**
     * A blind transfer of the agent's call to {@code number}, dialled by the caller's channel through the dialplan's
     * acd-transfer context; the agent's leg ends. Fails with {@link IllegalArgumentException} for a malformed number.
     */
    public CompletableFuture<Void> transferToNumber(String agentId, String number) {
        return toNumber(number, target -> on(agentId, c -> c.transfer(target)));
    }

    /**
     * A blind transfer of the agent's call to the agent {@code target} (see {@link TransferTarget#toAgent}). The
     * routing core first holds the target for the call, which it does only if the target is signed in, ready, with
     * its phone available and no call; otherwise this fails with {@link AgentNotReadyException} naming the target and
     * its state, and the call goes on with the agent untouched. Held, the target is offered no other call; the agent's
     * leg ends and the call rings the target alone; unanswered, it joins the queue it was in with its priority and
     * skills. Fails with {@link IllegalArgumentException} for an unknown agent or the agent itself, and with
     * {@link IllegalStateException} when the agent has no call.
     */
    public CompletableFuture<Void> transferToAgent(String agentId, String target) {
        if (target == null || !configuration.get().routing().agents().stream().anyMatch(a -> a.id().equals(target))) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no agent " + target
                    + " to transfer to"));
        }
        if (target.equals(agentId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("agent " + agentId
                    + " cannot transfer a call to themselves"));
        }
        CallLife life = callOf(agentId);
        if (life == null) {
            return noCall(agentId);
        }
        String callId = life.callId();
        TransferTarget to = TransferTarget.toAgent(target, life.queue());
        return core.transferReserved(callId, target).thenCompose(refused -> {
            if (refused.isPresent()) {
                return CompletableFuture.failedFuture(new AgentNotReadyException(refused.get()));
            }
            return life.conversation().transfer(to).whenComplete((ok, err) -> {
                if (err != null) {
                    // The agent's leg goes on: the target is free for other calls again.
                    core.transferCancelled(callId, target);
                }
            });
        });
    }

    /**
     * The agents a call could be transferred to, with what each is doing now ({@code ready} ones can take it), in
     * configuration order, {@code agentId} left out.
     */
    public CompletableFuture<List<AgentTarget>> transferAgents(String agentId) {
        return core.agentActivities().thenApply(all -> all.entrySet().stream()
                .filter(e -> !e.getKey().equals(agentId))
                .map(e -> new AgentTarget(e.getKey(), e.getValue().dbValue(), e.getValue() == AgentActivity.READY))
                .toList());
    }

    /** An agent as a transfer target: its id, its activity ({@code ready}, {@code on_call}...), whether it is ready. */
    public record AgentTarget(String id, String state, boolean ready) {
    }

    /** Puts the agent's caller on hold (music); fails with {@link IllegalStateException} when there is none to hold. */
    public CompletableFuture<Void> hold(String agentId) {
        return on(agentId, Conversation::hold)
                .thenRun(() -> core.agentHold(agentId, true, AgentStateCause.DESKTOP));
    }

    /** Brings the agent's held caller back; fails with {@link IllegalStateException} when none is held. */
    public CompletableFuture<Void> resume(String agentId) {
        return on(agentId, Conversation::resume)
                .thenRun(() -> core.agentHold(agentId, false, AgentStateCause.DESKTOP));
    }

    /** Ends the agent's leg of the call; the agent goes to wrap-up as after any call. */
    public CompletableFuture<Void> hangUp(String agentId) {
        return on(agentId, Conversation::hangUp);
    }

    /**
     * An attended transfer's consult: the caller holds (music) and the agent's phone is connected to {@code number}
     * (the number rules of a blind transfer). Fails with {@link IllegalArgumentException} for a malformed number.
     */
    public CompletableFuture<Void> consult(String agentId, String number) {
        return toNumber(number, target -> on(agentId, c -> c.consultation().consult(target))
                .thenRun(() -> core.agentHold(agentId, true, AgentStateCause.DESKTOP)));
    }

    /** Completes the consult: the caller is bridged with the consulted party, the agent's leg ends (wrap-up). */
    public CompletableFuture<Void> completeConsult(String agentId) {
        return on(agentId, c -> c.consultation().complete());
    }

    /** Cancels the consult: the consulted party is hung up and the agent is back with the caller. */
    public CompletableFuture<Void> cancelConsult(String agentId) {
        return on(agentId, c -> c.consultation().cancel())
                .thenRun(() -> core.agentHold(agentId, false, AgentStateCause.DESKTOP));
    }

    /** Whether the agent's call is on hold now (false without a call). */
    public boolean held(String agentId) {
        CallLife life = callOf(agentId);
        return life != null && life.conversation().held();
    }

    /** Acts on the agent's conversation, or fails with {@link IllegalStateException} when the agent has none. */
    private CompletableFuture<Void> on(String agentId, Function<Conversation, CompletableFuture<Void>> action) {
        CallLife life = callOf(agentId);
        return life == null ? noCall(agentId) : action.apply(life.conversation());
    }

    /** Acts on {@code number} as a transfer target, or fails with {@link IllegalArgumentException} when malformed. */
    private static CompletableFuture<Void> toNumber(String number,
                                                    Function<TransferTarget, CompletableFuture<Void>> action) {
        TransferTarget target;
        try {
            target = TransferTarget.toNumber(number);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return action.apply(target);
    }

    private static CompletableFuture<Void> noCall(String agentId) {
        return CompletableFuture.failedFuture(new IllegalStateException("agent " + agentId + " is talking on no call"));
    }

    private CallLife callOf(String agentId) {
        for (QueuedCall call : registry.all()) {
            if (call instanceof CallLife life && agentId.equals(life.conversation().agentId())) {
                return life;
            }
        }
        return null;
    }

}
