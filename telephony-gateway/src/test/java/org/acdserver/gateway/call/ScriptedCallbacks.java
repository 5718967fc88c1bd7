package org.acdserver.gateway.call;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackStore;
import org.acdserver.gateway.callback.CallbackTicket;

/** The callback desk as a script: queues' policies set by the test, and commits the test completes or fails. */
final class ScriptedCallbacks implements CallbackIntake {

    final Map<String, CallbackSettings> settings = new HashMap<>();
    final List<CallbackTicket> tickets = new ArrayList<>();
    /** Commits asked for and not settled yet, oldest first. */
    final Deque<CompletableFuture<CallbackStore.Accepted>> commits = new ArrayDeque<>();
    private final CallbackMetrics metrics;

    ScriptedCallbacks(CallbackMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public CallbackSettings settings(String queue) {
        return settings.get(queue);
    }

    @Override
    public Instant firstDial(String queue, Instant at) {
        return at;
    }

    @Override
    public CompletableFuture<CallbackStore.Accepted> request(CallbackTicket ticket) {
        tickets.add(ticket);
        CompletableFuture<CallbackStore.Accepted> commit = new CompletableFuture<>();
        commits.add(commit);
        return commit;
    }

    @Override
    public CallbackMetrics metrics() {
        return metrics;
    }
}
