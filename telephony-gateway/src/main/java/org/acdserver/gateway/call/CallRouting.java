package org.acdserver.gateway.call;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingCore;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.QueueRequest;

/**
 * The routing core as one call sees it: the events a call publishes, and its wait estimate. The server's is
 * {@link #of(RoutingCore)}; tests answer with a script.
 */
public interface CallRouting {

    /** The call joins a queue needing these skills (skill to minimum proficiency) on top of the queue's. */
    void callQueued(String callId, String queue, int priority, Map<String, Integer> skills);

    /**
     * The call joins a queue from this flow step ({@code step} or {@code subflow:step}), where its caller goes on if
     * a standby server puts it back in line.
     */
    default void callQueued(String callId, String queue, int priority, Map<String, Integer> skills, String step) {
        callQueued(callId, queue, priority, skills);
    }

    /**
     * The agent transferred the call from the desktop: it joins {@code to}'s queue as {@code request} asks (its
     * priority and skills), offered first to {@code to}'s agent when it names one (held for it by
     * {@link RoutingCore#transferReserved}).
     */
    default void transferred(String callId, TransferTarget to, QueueRequest request) {
        callQueued(callId, to.id(), request.priority(), request.skills(), request.step());
    }

    void callerHungUp(String callId);

    void offerAnswered(String callId, String agentId);

    void offerFailed(String callId, String agentId, OfferFailure failure);

    /** The connected call ended: the agent is free again. */
    void callEnded(String callId);

    /** The caller is asked about a callback: the call leaves the line for now, keeping its place. */
    void callHeld(String callId);

    /** The caller did not take a callback: the held call goes back to its place. */
    void callResumed(String callId);

    /** The call's position and expected wait, or null if it is not waiting. */
    CompletableFuture<WaitEstimate> estimate(String callId);

    /** The calls' view of the server's routing core. */
    static CallRouting of(RoutingCore core) {
        return of(core, (callId, step) -> {
        });
    }

    /** The calls' view of the server's routing core; the step each call queues from goes to {@code steps} first. */
    static CallRouting of(RoutingCore core, BiConsumer<String, String> steps) {
        return new CallRouting() {
            @Override
            public void callQueued(String callId, String queue, int priority, Map<String, Integer> skills) {
                core.callQueued(callId, queue, priority, skills);
            }

            @Override
            public void callQueued(String callId, String queue, int priority, Map<String, Integer> skills,
                                   String step) {
                steps.accept(callId, step);
                core.callQueued(callId, queue, priority, skills);
            }

            @Override
            public void transferred(String callId, TransferTarget to, QueueRequest request) {
                if (to.agent() == null) {
                    callQueued(callId, to.id(), request.priority(), request.skills(), request.step());
                    return;
                }
                steps.accept(callId, request.step());
                core.callTransferred(callId, to.id(), request.priority(), request.skills(), to.agent());
            }

            @Override
            public void callerHungUp(String callId) {
                core.callerHungUp(callId);
            }

            @Override
            public void offerAnswered(String callId, String agentId) {
                core.offerAnswered(callId, agentId);
            }

            @Override
            public void offerFailed(String callId, String agentId, OfferFailure failure) {
                core.offerFailed(callId, agentId, failure);
            }

            @Override
            public void callEnded(String callId) {
                core.callEnded(callId);
            }

            @Override
            public void callHeld(String callId) {
                core.callHeld(callId);
            }

            @Override
            public void callResumed(String callId) {
                core.callResumed(callId);
            }

            @Override
            public CompletableFuture<WaitEstimate> estimate(String callId) {
                return core.estimate(callId);
            }
        };
    }
}
