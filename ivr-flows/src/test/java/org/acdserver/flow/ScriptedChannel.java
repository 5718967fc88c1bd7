package org.acdserver.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A caller scripted as a list of answers: one per play/read/say, "" for silence, null for "hangs up here". Queue
 * steps end with the given results in turn (the last one repeats).
 */
final class ScriptedChannel implements CallChannel {
    final List<String> played = new ArrayList<>();
    final List<String> queues = new ArrayList<>();
    final List<QueueRequest> requests = new ArrayList<>();
    final List<String> said = new ArrayList<>();
    final List<String> languages = new ArrayList<>();
    final List<String> recorded = new ArrayList<>();
    final List<String> transfers = new ArrayList<>();
    /** The lead-in each read was given (empty for none), in order. */
    final List<List<String>> leadIns = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private final Deque<QueueResult> queueResults = new ArrayDeque<>();
    boolean hungUp;

    ScriptedChannel(QueueResult queueResult, String... answers) {
        this.queueResults.add(queueResult);
        for (String a : answers) {
            this.answers.add(a == null ? "\u0000" : a);
        }
    }

    ScriptedChannel thenQueue(QueueResult r) {
        queueResults.add(r);
        return this;
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

    /**
     * The lead-in takes an answer of its own, as the play it stands for did: a key there stops the whole read and is
     * its result, as Asterisk's {@code Read} stops its prompt list at a key.
     */
    @Override
    public CompletionStage<String> read(List<String> leadIn, List<String> prompts, int maxDigits, Duration timeout) {
        leadIns.add(List.copyOf(leadIn));
        if (leadIn.isEmpty()) {
            return read(prompts, maxDigits, timeout);
        }
        played.addAll(leadIn);
        return next().thenCompose(key -> key.isEmpty() ? read(prompts, maxDigits, timeout)
                : CompletableFuture.completedFuture(key.substring(0, Math.min(key.length(), maxDigits))));
    }

    @Override
    public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        played.addAll(prompts);
        return next();
    }

    @Override
    public CompletionStage<QueueResult> queue(QueueRequest request) {
        queues.add(request.queue());
        requests.add(request);
        QueueResult r = queueResults.size() > 1 ? queueResults.poll() : queueResults.peek();
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletionStage<Void> hangup() {
        hungUp = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<String> say(Prompt.SayKind kind, String value, String escapeDigits) {
        said.add(kind.name().toLowerCase() + ":" + value);
        return next();
    }

    @Override
    public CompletionStage<Void> language(String language) {
        languages.add(language);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Recording> record(String mailbox, Duration maxLength) {
        recorded.add(mailbox);
        return CompletableFuture.completedFuture(new Recording(mailbox, "acd/vm-" + mailbox, "wav", 7.5));
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        transfers.add(destination);
        return CompletableFuture.completedFuture(null);
    }
}
