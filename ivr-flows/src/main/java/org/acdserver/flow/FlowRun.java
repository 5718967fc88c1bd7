package org.acdserver.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One call's walk through a flow. It holds only the current step, the path so far and a key carried over from a
 * prompt, and advances when the channel's last operation completes, so a waiting call costs no thread.
 *
 * <p>A key pressed during a play step's prompts is carried into a following menu, so callers who know the menu can
 * type ahead of the greeting.
 */
public final class FlowRun {

    /** Guards against a flow that loops without ever waiting for the caller. */
    private static final int MAX_STEPS = 500;

    private final Flow flow;
    private final CallChannel channel;
    private final List<String> path = new ArrayList<>();
    private final CompletableFuture<FlowOutcome> outcome = new CompletableFuture<>();
    private String current;
    private String typedAhead = "";
    private boolean queued;
    private boolean connected;
    private int steps;

    public FlowRun(Flow flow, CallChannel channel) {
        this.flow = flow;
        this.channel = channel;
    }

    /** Starts the walk; the stage completes when the call leaves the flow, never exceptionally. */
    public CompletionStage<FlowOutcome> start() {
        enter(flow.start());
        return outcome;
    }

    /** The step the call is in now (for records of calls that end abruptly). */
    public String currentStep() {
        return current;
    }

    /** The path so far. */
    public List<String> path() {
        return List.copyOf(path);
    }

    private void enter(String stepId) {
        if (++steps > MAX_STEPS) {
            finish(FlowOutcome.Ending.FAILED);
            return;
        }
        current = stepId;
        path.add(stepId);
        Step step = flow.step(stepId);
        switch (step) {
            case Step.Play p -> channel.play(p.prompts(), "0123456789*#").whenComplete((key, err) -> {
                if (failed(err)) {
                    return;
                }
                typedAhead = key == null ? "" : key;
                enter(p.next());
            });
            case Step.Menu m -> menu(m, 0);
            case Step.Queue q -> {
                queued = true;
                typedAhead = "";
                channel.queue(QueueRequest.of(q.queue(), q.priority(), q.skills())).whenComplete((result, err) -> {
                    if (failed(err)) {
                        return;
                    }
                    connected |= result == QueueResult.CONNECTED;
                    enter(q.next());
                });
            }
            case Step.Hangup h -> {
                CompletionStage<?> prompts = h.prompts().isEmpty()
                        ? CompletableFuture.completedFuture("") : channel.play(h.prompts(), "");
                prompts.thenCompose(x -> channel.hangup()).whenComplete((x, err) -> {
                    if (err == null || isHangup(err)) {
                        finish(FlowOutcome.Ending.COMPLETED);
                    } else {
                        failed(err);
                    }
                });
            }
        }
    }

    private void menu(Step.Menu m, int attempt) {
        CompletionStage<String> input;
        if (!typedAhead.isEmpty()) {
            input = CompletableFuture.completedFuture(typedAhead.substring(0, 1));
            typedAhead = "";
        } else {
            input = channel.read(m.prompts(), 1, m.timeout());
        }
        input.whenComplete((keys, err) -> {
            if (failed(err)) {
                return;
            }
            String key = keys == null || keys.isEmpty() ? "" : keys.substring(0, 1);
            String target = m.choices().get(key);
            if (target != null) {
                path.add(m.id() + "=" + key);
                enter(target);
                return;
            }
            path.add(m.id() + "=" + (key.isEmpty() ? "no-input" : "invalid:" + key));
            if (attempt >= m.retries()) {
                enter(m.fallback());
                return;
            }
            List<String> complaint = key.isEmpty() ? m.noInputPrompts() : m.invalidPrompts();
            if (complaint.isEmpty()) {
                menu(m, attempt + 1);
                return;
            }
            channel.play(complaint, String.join("", m.choices().keySet())).whenComplete((k, e2) -> {
                if (failed(e2)) {
                    return;
                }
                typedAhead = k == null ? "" : k;
                menu(m, attempt + 1);
            });
        });
    }

    /** Ends the run if the last operation failed; true when it did. */
    private boolean failed(Throwable err) {
        if (err == null) {
            return false;
        }
        finish(isHangup(err) ? FlowOutcome.Ending.CALLER_HUNG_UP : FlowOutcome.Ending.FAILED);
        return true;
    }

    private static boolean isHangup(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof CallerHungUpException;
    }

    private void finish(FlowOutcome.Ending ending) {
        outcome.complete(new FlowOutcome(flow.name(), List.copyOf(path), current, ending, queued, connected));
    }
}
