package org.acdserver.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A caller scripted as a list of answers: one per play/read, "" for silence, null for "hangs up here". */
final class ScriptedChannel implements CallChannel {
    final List<String> played = new ArrayList<>();
    final List<String> queues = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final QueueResult queueResult;
    boolean hungUp;

    ScriptedChannel(QueueResult queueResult, String... answers) {
        this.queueResult = queueResult;
        for (String a : answers) {
            this.answers.add(a == null ? "\u0000" : a);
        }
    }

    private CompletionStage<String> next() {
        String a = answers.isEmpty() ? "" : answers.poll();
        return "\u0000".equals(a) ? CompletableFuture.failedFuture(new CallerHungUpException())
                : CompletableFuture.completedFuture(a);
    }

    @Override
    public CompletionStage<String> play(List<String> prompts, String escapeDigits) {
        played.addAll(prompts);
        return next();
    }

    @Override
    public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        played.addAll(prompts);
        return next();
    }

    @Override
    public CompletionStage<QueueResult> queue(QueueRequest request) {
        queues.add(request.queue());
        return CompletableFuture.completedFuture(queueResult);
    }

    @Override
    public CompletionStage<Void> hangup() {
        hungUp = true;
        return CompletableFuture.completedFuture(null);
    }
}
