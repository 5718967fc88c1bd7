package org.acdserver.flow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The steps that take keys from the caller: menus, digit collection and survey questions.
 *
 * <p>Type-ahead: the key that stopped the prompts of a play step, or of a complaint, is kept in
 * {@link CallState#typedAhead} and survives the steps that take no keys. The next menu takes it as its choice
 * without playing its prompts; the next collect step takes it as its first digit and reads the rest without
 * prompts. A queue step clears it.
 *
 * <p>Retries: a menu key that is not a choice, or silence, plays the invalid or no-input prompts (any key stops them
 * and counts as the next try, valid or not), then asks again, up to {@code retries} times, after which the call goes to
 * the fallback. Collected digits must have the step's length and pattern ({@code #} ends them early and is not kept);
 * with confirm prompts the caller confirms them with 1, and anything else asks again. A survey answer out of range is
 * asked once more, then the question is skipped. Each outcome is marked in the path ({@code menu=1},
 * {@code menu=no-input}, {@code pin=invalid}, {@code survey.csat=none}).
 */
final class Keypad {

    private static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private final FlowRun run;
    private final CallState state;
    private final PromptPlayer prompts;
    private final CallChannel channel;

    Keypad(FlowRun run, CallState state, PromptPlayer prompts, CallChannel channel) {
        this.run = run;
        this.state = state;
        this.prompts = prompts;
        this.channel = channel;
    }

    void menu(Step.Menu m, int attempt) {
        CompletionStage<String> input;
        if (!state.typedAhead.isEmpty()) {
            input = CompletableFuture.completedFuture(state.takeTypedKey());
        } else {
            input = prompts.ask(m.prompts(), 1, m.timeout());
        }
        input.whenComplete((keys, err) -> {
            if (run.failed(err)) {
                return;
            }
            String key = keys == null || keys.isEmpty() ? "" : keys.substring(0, 1);
            String target = m.choices().get(key);
            if (target != null) {
                state.mark(key);
                if (m.saveAs() != null) {
                    state.vars.put(m.saveAs(), key);
                }
                run.enter(target);
                return;
            }
            state.mark(key.isEmpty() ? "no-input" : "invalid:" + key);
            if (attempt >= m.retries()) {
                run.enter(m.fallback());
                return;
            }
            List<Prompt> complaint = key.isEmpty() ? m.noInputPrompts() : m.invalidPrompts();
            // Any key stops the complaint and counts as the next try, valid or not.
            prompts.play(complaint, PromptPlayer.ALL_KEYS).whenComplete((k, e2) -> {
                if (run.failed(e2)) {
                    return;
                }
                state.typedAhead = k == null ? "" : k;
                menu(m, attempt + 1);
            });
        });
    }

    void collect(Step.Collect c, int attempt) {
        CompletionStage<String> input;
        if (!state.typedAhead.isEmpty()) {
            String first = state.takeTypedKey();
            input = c.maxDigits() <= 1 || "#".equals(first) ? CompletableFuture.completedFuture(first)
                    : channel.read(List.of(), c.maxDigits() - 1, c.timeout()).thenApply(rest -> first + rest);
        } else {
            input = prompts.ask(c.prompts(), c.maxDigits(), c.timeout());
        }
        input.whenComplete((keys, err) -> {
            if (run.failed(err)) {
                return;
            }
            String digits = keys == null ? "" : keys.endsWith("#") ? keys.substring(0, keys.length() - 1) : keys;
            boolean valid = !digits.isEmpty() && digits.length() >= c.minDigits() && digits.length() <= c.maxDigits()
                    && (c.pattern() == null || c.pattern().matcher(digits).matches());
            if (!valid) {
                state.mark(digits.isEmpty() ? "no-input" : "invalid");
                retryCollect(c, attempt, c.invalidPrompts());
                return;
            }
            state.vars.put(c.into(), digits);
            if (c.confirmPrompts().isEmpty()) {
                state.mark("ok");
                run.enter(c.next());
                return;
            }
            prompts.ask(c.confirmPrompts(), 1, CONFIRM_TIMEOUT).whenComplete((answer, e2) -> {
                if (run.failed(e2)) {
                    return;
                }
                if ("1".equals(answer)) {
                    state.mark("ok");
                    run.enter(c.next());
                } else {
                    state.mark("not-confirmed");
                    state.vars.remove(c.into());
                    retryCollect(c, attempt, List.of());
                }
            });
        });
    }

    private void retryCollect(Step.Collect c, int attempt, List<Prompt> complaint) {
        if (attempt >= c.retries()) {
            run.enter(c.fallback());
            return;
        }
        prompts.play(complaint, PromptPlayer.ALL_KEYS).whenComplete((k, err) -> {
            if (run.failed(err)) {
                return;
            }
            state.typedAhead = k == null ? "" : k;
            collect(c, attempt + 1);
        });
    }

    /** Asks the survey's questions when its condition holds, or marks it skipped. */
    void survey(Step.Survey s) {
        if (s.when() != null && !s.when().test(state.variables)) {
            state.mark("skipped");
            run.enter(s.next());
        } else {
            question(s, 0, 0);
        }
    }

    private void question(Step.Survey s, int index, int attempt) {
        if (index >= s.questions().size()) {
            run.enter(s.next());
            return;
        }
        Step.Question q = s.questions().get(index);
        prompts.ask(q.prompts(), q.kind().maxDigits(), SURVEY_TIMEOUT).whenComplete((keys, err) -> {
            if (run.failed(err)) {
                return;
            }
            String digits = keys == null ? "" : keys.replace("#", "");
            int score = digits.matches("[0-9]{1,2}") ? Integer.parseInt(digits) : -1;
            if (score >= q.kind().min() && score <= q.kind().max()) {
                state.answer(q.kind(), score);
                question(s, index + 1, 0);
            } else if (attempt == 0) {
                question(s, index, 1);
            } else {
                state.path.add(state.current + "." + q.kind().key() + "=none");
                question(s, index + 1, 0);
            }
        });
    }
}
