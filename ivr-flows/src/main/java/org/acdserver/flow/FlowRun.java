package org.acdserver.flow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.acdserver.flow.expr.Expression;
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
 */
public final class FlowRun {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRun.class);

    /** Guards against a flow that keeps moving without ever waiting for the caller. */
    private static final int MAX_STEPS_WITHOUT_INPUT = 200;
    private static final String ALL_KEYS = "0123456789*#";
    private static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    /** A flow that called a subflow, and where it goes on. */
    private record Frame(Flow flow, String next) {
    }

    private final Flow root;
    private final CallChannel channel;
    private final FlowEnvironment env;
    private final Executor home;
    private final List<String> path = new ArrayList<>();
    private final Map<String, String> vars = new HashMap<>();
    private final CompletableFuture<FlowOutcome> outcome = new CompletableFuture<>();
    private Flow flow;
    private ArrayDeque<Frame> frames;
    private String current;
    private String typedAhead = "";
    private boolean queued;
    private boolean connected;
    private int spin;
    private Integer priority;
    private Map<String, Integer> skills = Map.of();
    private Map<String, Integer> survey;
    private Recording voicemail;
    private String transferredTo;

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
        this.channel = channel;
        this.env = env;
        this.home = home;
        ZonedDateTime now = env.clock().instant().atZone(env.clock().getZone());
        vars.put("date", now.toLocalDate().toString());
        vars.put("time", String.format("%02d:%02d", now.getHour(), now.getMinute()));
        vars.put("weekday", now.getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT));
        vars.putAll(initial);
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

    /** A variable's value now, or null. */
    public String variable(String name) {
        return vars.get(name);
    }

    private String label(String stepId) {
        return flow == root ? stepId : flow.name() + ":" + stepId;
    }

    private void enter(String stepId) {
        try {
            if (outcome.isDone()) {
                return;
            }
            if (++spin > MAX_STEPS_WITHOUT_INPUT) {
                LOG.warn("flow {}: {} steps without the caller, stopping at {}", root.name(), spin, stepId);
                finish(FlowOutcome.Ending.FAILED);
                return;
            }
            current = label(stepId);
            path.add(current);
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
            case Step.Play p -> prompts(p.prompts(), ALL_KEYS).whenComplete((key, err) -> {
                if (failed(err)) {
                    return;
                }
                typedAhead = key == null ? "" : key;
                enter(p.next());
            });
            case Step.Menu m -> menu(m, 0);
            case Step.Collect c -> collect(c, 0);
            case Step.Lookup l -> lookup(l);
            case Step.Branch b -> {
                for (Step.Case c : b.cases()) {
                    if (c.when().test(vars::get)) {
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
                path.add(current + "=" + (open ? "open" : "closed"));
                enter(open ? h.open() : h.closed());
            }
            case Step.Queue q -> queue(q);
            case Step.Voicemail v -> prompts(v.prompts(), "")
                    .thenCompose(x -> channel.record(v.mailbox(), v.maxLength())).whenComplete((rec, err) -> {
                        if (failed(err)) {
                            return;
                        }
                        voicemail = rec;
                        vars.put("voicemail.file", rec.file());
                        enter(v.next());
                    });
            case Step.Transfer t -> {
                String to = t.destination().evaluateText(vars::get);
                if (!to.matches("[0-9A-Za-z*#+@._-]{1,64}")) {
                    throw new IllegalStateException("transfer destination '" + to + "' is not a number or extension");
                }
                prompts(t.prompts(), "").thenCompose(x -> channel.transfer(to)).whenComplete((x, err) -> {
                    if (failed(err)) {
                        return;
                    }
                    transferredTo = to;
                    finish(FlowOutcome.Ending.TRANSFERRED);
                });
            }
            case Step.Survey s -> {
                if (s.when() != null && !s.when().test(vars::get)) {
                    path.add(current + "=skipped");
                    enter(s.next());
                } else {
                    question(s, 0, 0);
                }
            }
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
            case Step.Hangup h -> prompts(h.prompts(), "").thenCompose(x -> channel.hangup())
                    .whenComplete((x, err) -> {
                        if (err == null || isHangup(err)) {
                            finish(FlowOutcome.Ending.COMPLETED);
                        } else {
                            failed(err);
                        }
                    });
        }
    }

    // ---- steps that take keys -----------------------------------------------------------------------------------

    private void menu(Step.Menu m, int attempt) {
        CompletionStage<String> input;
        if (!typedAhead.isEmpty()) {
            input = CompletableFuture.completedFuture(typedAhead.substring(0, 1));
            typedAhead = "";
        } else {
            input = ask(m.prompts(), 1, m.timeout());
        }
        input.whenComplete((keys, err) -> {
            if (failed(err)) {
                return;
            }
            String key = keys == null || keys.isEmpty() ? "" : keys.substring(0, 1);
            String target = m.choices().get(key);
            if (target != null) {
                path.add(current + "=" + key);
                if (m.saveAs() != null) {
                    vars.put(m.saveAs(), key);
                }
                enter(target);
                return;
            }
            path.add(current + "=" + (key.isEmpty() ? "no-input" : "invalid:" + key));
            if (attempt >= m.retries()) {
                enter(m.fallback());
                return;
            }
            List<Prompt> complaint = key.isEmpty() ? m.noInputPrompts() : m.invalidPrompts();
            // Any key stops the complaint and counts as the next try, valid or not.
            prompts(complaint, ALL_KEYS).whenComplete((k, e2) -> {
                if (failed(e2)) {
                    return;
                }
                typedAhead = k == null ? "" : k;
                menu(m, attempt + 1);
            });
        });
    }

    private void collect(Step.Collect c, int attempt) {
        CompletionStage<String> input;
        if (!typedAhead.isEmpty()) {
            String first = typedAhead.substring(0, 1);
            typedAhead = "";
            input = c.maxDigits() <= 1 || "#".equals(first) ? CompletableFuture.completedFuture(first)
                    : channel.read(List.of(), c.maxDigits() - 1, c.timeout()).thenApply(rest -> first + rest);
        } else {
            input = ask(c.prompts(), c.maxDigits(), c.timeout());
        }
        input.whenComplete((keys, err) -> {
            if (failed(err)) {
                return;
            }
            String digits = keys == null ? "" : keys.endsWith("#") ? keys.substring(0, keys.length() - 1) : keys;
            boolean valid = !digits.isEmpty() && digits.length() >= c.minDigits() && digits.length() <= c.maxDigits()
                    && (c.pattern() == null || c.pattern().matcher(digits).matches());
            if (!valid) {
                path.add(current + "=" + (digits.isEmpty() ? "no-input" : "invalid"));
                retryCollect(c, attempt, c.invalidPrompts());
                return;
            }
            vars.put(c.into(), digits);
            if (c.confirmPrompts().isEmpty()) {
                path.add(current + "=ok");
                enter(c.next());
                return;
            }
            ask(c.confirmPrompts(), 1, CONFIRM_TIMEOUT).whenComplete((answer, e2) -> {
                if (failed(e2)) {
                    return;
                }
                if ("1".equals(answer)) {
                    path.add(current + "=ok");
                    enter(c.next());
                } else {
                    path.add(current + "=not-confirmed");
                    vars.remove(c.into());
                    retryCollect(c, attempt, List.of());
                }
            });
        });
    }

    private void retryCollect(Step.Collect c, int attempt, List<Prompt> complaint) {
        if (attempt >= c.retries()) {
            enter(c.fallback());
            return;
        }
        prompts(complaint, ALL_KEYS).whenComplete((k, err) -> {
            if (failed(err)) {
                return;
            }
            typedAhead = k == null ? "" : k;
            collect(c, attempt + 1);
        });
    }

    private void question(Step.Survey s, int index, int attempt) {
        if (index >= s.questions().size()) {
            enter(s.next());
            return;
        }
        Step.Question q = s.questions().get(index);
        ask(q.prompts(), q.kind().maxDigits(), SURVEY_TIMEOUT).whenComplete((keys, err) -> {
            if (failed(err)) {
                return;
            }
            String digits = keys == null ? "" : keys.replace("#", "");
            int score = digits.matches("[0-9]{1,2}") ? Integer.parseInt(digits) : -1;
            if (score >= q.kind().min() && score <= q.kind().max()) {
                if (survey == null) {
                    survey = new LinkedHashMap<>();
                }
                survey.put(q.kind().key(), score);
                vars.put("survey." + q.kind().key(), String.valueOf(score));
                path.add(current + "." + q.kind().key() + "=" + score);
                question(s, index + 1, 0);
            } else if (attempt == 0) {
                question(s, index, 1);
            } else {
                path.add(current + "." + q.kind().key() + "=none");
                question(s, index + 1, 0);
            }
        });
    }

    // ---- other steps --------------------------------------------------------------------------------------------

    private void lookup(Step.Lookup l) {
        Map<String, String> args = new LinkedHashMap<>();
        l.arguments().forEach((name, e) -> args.put(name, e.evaluateText(vars::get)));
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
                path.add(current + "=error");
                vars.put(prefix + "error", cause.getClass().getSimpleName());
                enter(l.onError());
                return;
            }
            row.forEach((k, v) -> vars.put(prefix + k, v == null ? "" : v));
            vars.put(prefix + "found", String.valueOf(!row.isEmpty()));
            enter(l.next());
        }, home);
    }

    private void set(Step.Set s) {
        s.variables().forEach((name, e) -> vars.put(name, e.evaluateText(vars::get)));
        if (s.priority() != null) {
            priority = toInt(s.priority().evaluate(vars::get));
        }
        if (!s.skills().isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(skills);
            merged.putAll(s.skills());
            skills = Map.copyOf(merged);
        }
        if (s.language() == null) {
            enter(s.next());
            return;
        }
        vars.put("language", s.language());
        channel.language(s.language()).whenComplete((x, err) -> {
            if (failed(err)) {
                return;
            }
            enter(s.next());
        });
    }

    private void queue(Step.Queue q) {
        queued = true;
        typedAhead = "";
        String queue = q.queueFrom() != null ? q.queueFrom().evaluateText(vars::get) : q.queue();
        int prio = q.priority() != null ? q.priority()
                : q.priorityFrom() != null ? toInt(q.priorityFrom().evaluate(vars::get))
                : priority != null ? priority : 0;
        Map<String, Integer> need = skills;
        if (!q.skills().isEmpty()) {
            Map<String, Integer> merged = new LinkedHashMap<>(skills);
            merged.putAll(q.skills());
            need = merged;
        }
        vars.put("queue", queue);
        vars.put("priority", String.valueOf(prio));
        Map<String, String> whisper = new LinkedHashMap<>();
        for (String name : q.whisper()) {
            String value = vars.get(name);
            if (value != null && !value.isEmpty()) {
                whisper.put(name, value);
            }
        }
        channel.queue(new QueueRequest(queue, prio, need, q.musicClass(), q.announceEvery(), q.callbackKey(),
                        whisper))
                .whenComplete((result, err) -> {
                    if (failed(err)) {
                        return;
                    }
                    path.add(current + "=" + result.name().toLowerCase(Locale.ROOT));
                    switch (result) {
                        case CONNECTED -> {
                            connected = true;
                            enter(q.next());
                        }
                        case NOT_SERVED -> enter(q.fallback() != null ? q.fallback() : q.next());
                        case CALLBACK_ACCEPTED -> {
                            if (q.afterCallback() != null) {
                                enter(q.afterCallback());
                            } else {
                                channel.hangup().whenComplete((x, e2) -> finish(FlowOutcome.Ending.COMPLETED));
                            }
                        }
                    }
                });
    }

    private static int toInt(Object v) {
        String s = Expression.text(v);
        try {
            return new BigDecimal(s).setScale(0, RoundingMode.HALF_UP).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return 0;
        }
    }

    // ---- prompts ------------------------------------------------------------------------------------------------

    /** Plays prompts in order until a key in {@code escape} is pressed; completes with that key or "". */
    private CompletionStage<String> prompts(List<Prompt> prompts, String escape) {
        return promptsFrom(prompts, 0, escape);
    }

    private CompletionStage<String> promptsFrom(List<Prompt> prompts, int index, String escape) {
        if (index >= prompts.size()) {
            return CompletableFuture.completedFuture("");
        }
        int end = index;
        while (end < prompts.size() && prompts.get(end) instanceof Prompt.Sound) {
            end++;
        }
        CompletionStage<String> here;
        int nextIndex;
        if (end > index) {
            List<String> files = new ArrayList<>(end - index);
            for (int i = index; i < end; i++) {
                files.add(((Prompt.Sound) prompts.get(i)).file());
            }
            here = channel.play(files, escape);
            nextIndex = end;
        } else {
            here = say((Prompt.Say) prompts.get(index), escape);
            nextIndex = index + 1;
        }
        return here.thenCompose(key -> key == null || key.isEmpty() ? promptsFrom(prompts, nextIndex, escape)
                : CompletableFuture.completedFuture(key));
    }

    private CompletionStage<String> say(Prompt.Say s, String escape) {
        String value = s.value().evaluateText(vars::get);
        if (s.kind() != Prompt.SayKind.CURRENCY) {
            return channel.say(s.kind(), value, escape);
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value.isBlank() ? "0" : value.strip());
        } catch (NumberFormatException e) {
            amount = BigDecimal.ZERO;
        }
        List<Prompt> parts = new ArrayList<>();
        BigDecimal whole = s.subunit() == null ? amount.setScale(0, RoundingMode.HALF_UP)
                : amount.setScale(0, RoundingMode.DOWN);
        parts.add(new Prompt.Say(Prompt.SayKind.NUMBER, Expression.literal(whole.toPlainString()), null, null));
        parts.add(new Prompt.Sound(s.unit()));
        if (s.subunit() != null) {
            int cents = amount.subtract(whole).movePointRight(2).setScale(0, RoundingMode.HALF_UP).abs().intValue();
            if (cents > 0) {
                parts.add(new Prompt.Say(Prompt.SayKind.NUMBER, Expression.literal(String.valueOf(cents)), null,
                        null));
                parts.add(new Prompt.Sound(s.subunit()));
            }
        }
        return prompts(parts, escape);
    }

    /**
     * Plays prompts with every key stopping them, then waits for keys: a key during the prompts is taken at once.
     * Prompts that are only sound files go to the channel as one read, so no key falls between two commands.
     */
    private CompletionStage<String> ask(List<Prompt> prompts, int maxDigits, Duration timeout) {
        boolean soundsOnly = prompts.stream().allMatch(p -> p instanceof Prompt.Sound);
        if (soundsOnly) {
            return channel.read(prompts.stream().map(p -> ((Prompt.Sound) p).file()).toList(), maxDigits, timeout);
        }
        return prompts(prompts, ALL_KEYS).thenCompose(key -> {
            if (key.isEmpty()) {
                return channel.read(List.of(), maxDigits, timeout);
            }
            if (maxDigits <= 1 || "#".equals(key)) {
                return CompletableFuture.completedFuture(key);
            }
            return channel.read(List.of(), maxDigits - 1, timeout).thenApply(rest -> key + rest);
        });
    }

    // ---- ending -------------------------------------------------------------------------------------------------

    /** Ends the run if the last operation failed; true when it did. */
    private boolean failed(Throwable err) {
        if (err == null) {
            return false;
        }
        if (!isHangup(err)) {
            LOG.warn("flow {}: step {} failed: {}", root.name(), current, err.toString());
        }
        finish(isHangup(err) ? FlowOutcome.Ending.CALLER_HUNG_UP : FlowOutcome.Ending.FAILED);
        return true;
    }

    private static boolean isHangup(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof CallerHungUpException;
    }

    private void finish(FlowOutcome.Ending ending) {
        outcome.complete(new FlowOutcome(root.name(), path, current, ending, queued, connected, vars, survey,
                voicemail, transferredTo));
    }
}
