package org.acdserver.flow;

import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's walk through a flow. It holds the current step, the path so far, the call's variables and a key
 * carried over from a prompt, and advances when the channel's last operation completes, so a waiting call costs no
 * thread.
 *
 * <p>A key pressed during prompts is carried into a following menu or collect step, so callers who know the menu
 * can type ahead of the greeting. Work that completes off the call's thread (look-ups) comes back through the
 * run's home executor before the walk goes on, so a channel is only ever driven from one thread.
 *
 * <p>The walk: entering a step records it in the path and runs it; a step ends by entering the next one, or by
 * finishing the run. Steps that take no time for the caller (set, branch, hours, subflow, return, a look-up that
 * answers at once) go straight on, so a guard stops a flow that runs {@value #MAX_STEPS_WITHOUT_INPUT} steps
 * without waiting for the caller, which only a loop can do. A subflow pushes the calling flow and its next step;
 * a return step pops them, or completes the run in the root flow. The run ends exactly once, never exceptionally:
 * a step that throws, or a channel operation that fails, ends it as failed, and a caller who hangs up as such.
 *
 * <p>This class walks the flow and runs the steps that only move the call along; the other jobs have their own
 * class, all touched only on the call's thread: {@link CallState} (what the run knows about the call, and its
 * outcome), {@link PromptPlayer} (prompts, and asking for keys after them), {@link Keypad} (menus, digit collection,
 * survey questions) and {@link QueueHandOff} (the queue step). Only the call state is an object per run; the others
 * keep nothing per call, so the split costs a waiting call almost no memory.
 */
public final class FlowRun {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRun.class);

    /** Guards against a flow that keeps moving without ever waiting for the caller. */
    private static final int MAX_STEPS_WITHOUT_INPUT = 200;

    /** A flow that called a subflow, and where it goes on. */
    private record Frame(Flow flow, String next) {
    }

    private final Flow root;
    private final FlowEnvironment env;
    private final Executor home;
    private final CallState state;
    private final CompletableFuture<FlowOutcome> outcome = new CompletableFuture<>();
    private Flow flow;
    private ArrayDeque<Frame> frames;
    private int spin;

    /** A run with no other flows, schedules or database, on the system clock. */
    public FlowRun(Flow flow, CallChannel channel) {
        this(flow, channel, FlowEnvironment.standalone(flow), Map.of(), Runnable::run);
    }

    /**
     * A run.
     *
     * @param flow    the flow to walk
     * @param channel the call
     * @param env     flows, schedules, look-ups and clock
     * @param initial variables known at the start, such as {@code caller} and {@code called}
     * @param home    where the walk goes on after work that completes on other threads
     */
    public FlowRun(Flow flow, CallChannel channel, FlowEnvironment env, Map<String, String> initial, Executor home) {
        this.root = flow;
        this.flow = flow;
        this.env = env;
        this.home = home;
        this.state = new CallState(channel);
        ZonedDateTime now = env.clock().instant().atZone(env.clock().getZone());
        state.vars.put("date", now.toLocalDate().toString());
        state.vars.put("time", String.format("%02d:%02d", now.getHour(), now.getMinute()));
        state.vars.put("weekday", now.getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT));
        state.vars.putAll(initial);
    }

    /** Starts the walk; the stage completes when the call leaves the flow, never exceptionally. */
    public CompletionStage<FlowOutcome> start() {
        enter(flow.start());
        return outcome;
    }

    /**
     * Starts the walk at a step instead of the flow's start: a caller whose call a standby server took over goes on
     * at the queue step they waited in. The label is a step of this flow, or {@code subflow:step}; in a subflow the
     * run has no caller to return to, so its return step ends the run. A label that names no step starts at the
     * beginning. The stage completes when the call leaves the flow, never exceptionally.
     */
    public CompletionStage<FlowOutcome> startAt(String label) {
        int colon = label.lastIndexOf(':');
        Flow in = colon < 0 ? root : env.flows().get(label.substring(0, colon));
        String stepId = colon < 0 ? label : label.substring(colon + 1);
        if (in == null || !in.steps().containsKey(stepId)) {
            LOG.warn("flow {}: no step {} to go on at; starting at the beginning", root.name(), label);
            return start();
        }
        flow = in;
        enter(stepId);
        return outcome;
    }

    /** The path so far. */
    public List<String> path() {
        return List.copyOf(state.path);
    }

    /** A variable's value now, or null. */
    public String variable(String name) {
        return state.vars.get(name);
    }

    private String label(String stepId) {
        return flow == root ? stepId : flow.name() + ":" + stepId;
    }

    /** Goes to a step of the current flow and runs it; a fault in the step ends the run as failed. */
    void enter(String stepId) {
        try {
            if (outcome.isDone()) {
                return;
            }
            if (++spin > MAX_STEPS_WITHOUT_INPUT) {
                LOG.warn("flow {}: {} steps without the caller, stopping at {}", root.name(), spin, stepId);
                finish(FlowOutcome.Ending.FAILED);
                return;
            }
            state.current = label(stepId);
            state.path.add(state.current);
            Step step = flow.step(stepId);
            if (step.waitsForCaller()) {
                spin = 0;
            }
            run(step);
        } catch (RuntimeException e) {
            // A fault in a step must end this call's walk, never leave it hanging.
            LOG.error("flow {}: step {} failed", root.name(), stepId, e);
            finish(FlowOutcome.Ending.FAILED);
        }
    }

    private void run(Step step) {
        switch (step) {
            case Step.Play p -> {
                if (p.next() != null && flow.step(p.next()) instanceof Step.Menu
                        && PromptPlayer.leadIn(state, p.prompts())) {
                    enter(p.next());
                    return;
                }
                PromptPlayer.play(state, p.prompts(), PromptPlayer.ALL_KEYS).whenComplete((key, err) -> {
                    if (failed(err)) {
                        return;
                    }
                    state.typedAhead = key == null ? "" : key;
                    enter(p.next());
                });
            }
            case Step.Menu m -> Keypad.menu(this, state, m, 0);
            case Step.Collect c -> Keypad.collect(this, state, c, 0);
            case Step.Lookup l -> lookup(l);
            case Step.Branch b -> {
                for (Step.Case c : b.cases()) {
                    if (c.when().test(state)) {
                        enter(c.next());
                        return;
                    }
                }
                enter(b.otherwise());
            }
            case Step.Set s -> set(s);
            case Step.Hours h -> {
                Schedule schedule = env.schedules().get(h.schedule());
                if (schedule == null) {
                    throw new IllegalStateException("no schedule " + h.schedule());
                }
                boolean open = schedule.isOpen(env.clock().instant());
                state.mark(open ? "open" : "closed");
                enter(open ? h.open() : h.closed());
            }
            case Step.Queue q -> QueueHandOff.queue(this, state, q);
            case Step.Voicemail v -> PromptPlayer.play(state, v.prompts(), "")
                    .thenCompose(x -> state.channel.record(v.mailbox(), v.maxLength())).whenComplete((rec, err) -> {
                        if (failed(err)) {
                            return;
                        }
                        state.voicemail = rec;
                        state.vars.put("voicemail.file", rec.file());
                        enter(v.next());
                    });
            case Step.Transfer t -> {
                String to = t.destination().evaluateText(state);
                if (!to.matches("[0-9A-Za-z*#+@._-]{1,64}")) {
                    throw new IllegalStateException("transfer destination '" + to + "' is not a number or extension");
                }
                PromptPlayer.play(state, t.prompts(), "").thenCompose(x -> state.channel.transfer(to))
                        .whenComplete((x, err) -> {
                            if (failed(err)) {
                                return;
                            }
                            state.transferredTo = to;
                            finish(FlowOutcome.Ending.TRANSFERRED);
                        });
            }
            case Step.Survey s -> Keypad.survey(this, state, s);
            case Step.Subflow s -> {
                Flow sub = env.flows().get(s.flow());
                if (sub == null) {
                    throw new IllegalStateException("no flow " + s.flow());
                }
                if (frames == null) {
                    frames = new ArrayDeque<>(2);
                }
                frames.push(new Frame(flow, s.next()));
                flow = sub;
                enter(sub.start());
            }
            case Step.Return r -> {
                if (frames == null || frames.isEmpty()) {
                    finish(FlowOutcome.Ending.COMPLETED);
                    return;
                }
                Frame f = frames.pop();
                flow = f.flow();
                enter(f.next());
            }
            case Step.Hangup h -> PromptPlayer.play(state, h.prompts(), "").thenCompose(x -> state.channel.hangup())
                    .whenComplete((x, err) -> {
                        if (err == null || isHangup(err)) {
                            finish(FlowOutcome.Ending.COMPLETED);
                        } else {
                            failed(err);
                        }
                    });
        }
    }

    private void lookup(Step.Lookup l) {
        Map<String, String> args = new LinkedHashMap<>();
        l.arguments().forEach((name, e) -> args.put(name, e.evaluateText(state)));
        String prefix = l.into() == null ? "" : l.into() + ".";
        CompletableFuture<Map<String, String>> result;
        try {
            result = env.lookups().run(l.query(), args, l.timeout()).toCompletableFuture();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // The flow's own bound: a look-up that ignores its timeout still cannot hold the call.
        result.orTimeout(l.timeout().toMillis() + 250, TimeUnit.MILLISECONDS).whenCompleteAsync((row, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                LOG.info("flow {}: look-up {} failed: {}", root.name(), l.query(), cause.toString());
                state.mark("error");
                state.vars.put(prefix + "error", cause.getClass().getSimpleName());
                enter(l.onError());
                return;
            }
            row.forEach((k, v) -> state.vars.put(prefix + k, v == null ? "" : v));
            state.vars.put(prefix + "found", String.valueOf(!row.isEmpty()));
            enter(l.next());
        }, home);
    }

    private void set(Step.Set s) {
        s.variables().forEach((name, e) -> state.vars.put(name, e.evaluateText(state)));
        if (s.priority() != null) {
            state.priority = QueueHandOff.priorityOf(s.priority().evaluate(state));
        }
        if (!s.skills().isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(state.skills);
            merged.putAll(s.skills());
            state.skills = Map.copyOf(merged);
        }
        if (s.language() == null) {
            enter(s.next());
            return;
        }
        state.vars.put("language", s.language());
        state.channel.language(s.language()).whenComplete((x, err) -> {
            if (failed(err)) {
                return;
            }
            enter(s.next());
        });
    }

    /** Ends the run if the last operation failed; true when it did. */
    boolean failed(Throwable err) {
        if (err == null) {
            return false;
        }
        if (!isHangup(err)) {
            LOG.warn("flow {}: step {} failed: {}", root.name(), state.current, err.toString());
        }
        finish(isHangup(err) ? FlowOutcome.Ending.CALLER_HUNG_UP : FlowOutcome.Ending.FAILED);
        return true;
    }

    private static boolean isHangup(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof CallerHungUpException;
    }

    /** Ends the run; later calls change nothing. */
    void finish(FlowOutcome.Ending ending) {
        outcome.complete(state.outcome(root.name(), ending));
    }
}
