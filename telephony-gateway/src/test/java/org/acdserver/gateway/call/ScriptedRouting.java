package org.acdserver.gateway.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.QueueRequest;

/**
 * The routing core as a script: it writes down what the call told it and answers estimates as the test says. Like a
 * core with no free agent, it tells a call that joins its line, goes back to it after a failed offer or resumes that
 * it waits there; with {@link #agentFree} set it says nothing, as a core does that offers the call at once.
 */
final class ScriptedRouting implements CallRouting {

    private final CallRegistry registry;
    /** When set, the core is taken to offer the call at once: it does not tell the call that it waits. */
    boolean agentFree;

    /** What the call told the core, in order, for example {@code failed agent1 BUSY}. */
    final List<String> told = new ArrayList<>();
    /** Estimates asked for and not answered yet (when {@link #estimate} is null). */
    final Deque<CompletableFuture<WaitEstimate>> estimates = new ArrayDeque<>();
    /** So many next calls of {@link #callEnded} fail, as a core that cannot take the event would. */
    int failEnds;
    /** When set, every estimate is answered at once with it. */
    WaitEstimate estimate;

    ScriptedRouting(CallRegistry registry) {
        this.registry = registry;
    }

    private void waits(String callId) {
        QueuedCall call = registry.get(callId);
        if (call != null && !agentFree) {
            call.waiting();
        }
    }

    @Override
    public void callQueued(String callId, String queue, int priority, Map<String, Integer> skills) {
        told.add("queued " + queue + " " + priority);
        waits(callId);
    }

    @Override
    public void transferred(String callId, TransferTarget to, QueueRequest request) {
        if (to.agent() == null) {
            CallRouting.super.transferred(callId, to, request);
            return;
        }
        // Offered to the named agent at once: the call does not wait.
        told.add("transferred " + to.id() + " " + request.priority() + " to " + to.agent());
    }

    @Override
    public void callerHungUp(String callId) {
        told.add("hung up");
    }

    @Override
    public void offerAnswered(String callId, String agentId) {
        told.add("answered " + agentId);
    }

    @Override
    public void offerFailed(String callId, String agentId, OfferFailure failure) {
        told.add("failed " + agentId + " " + failure);
        if (failure != OfferFailure.CALLER_GONE) {
            waits(callId);
        }
    }

    @Override
    public void callEnded(String callId) {
        if (failEnds > 0) {
            failEnds--;
            throw new IllegalStateException("the core takes no event");
        }
        told.add("ended");
    }

    @Override
    public void callHeld(String callId) {
        told.add("held");
    }

    @Override
    public void callResumed(String callId) {
        told.add("resumed");
        waits(callId);
    }

    @Override
    public CompletableFuture<WaitEstimate> estimate(String callId) {
        if (estimate != null) {
            return CompletableFuture.completedFuture(estimate);
        }
        CompletableFuture<WaitEstimate> f = new CompletableFuture<>();
        estimates.add(f);
        return f;
    }
}
