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
 *
 * <p>It keeps nothing per call: it works on the run and the {@link CallState} it is given, so a run holds no instance
 * of it.
 */
final class Keypad {

    private static final Duration SURVEY_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private Keypad() {
    }

    /** Takes a menu choice; {@code attempt} counts the tries made so far. */
    static void menu(FlowRun run, CallState state, Step.Menu m, int attempt) {
        CompletionStage<String> input;
        if (!state.typedAhead.isEmpty()) {
            input = CompletableFuture.completedFuture(state.takeTypedKey());
        } else {
            input = PromptPlayer.ask(state, m.prompts(), 1, m.timeout());
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
            if (PromptPlayer.leadIn(state, complaint)) {
                // The complaint leads into the next try's prompts and wait, with no gap for a key to fall into.
                menu(run, state, m, attempt + 1);
                return;
            }
            // Any key stops the complaint and counts as the next try, valid or not.
            PromptPlayer.play(state, complaint, PromptPlayer.ALL_KEYS).whenComplete((k, e2) -> {
                if (run.failed(e2)) {
                    return;
                }
                state.typedAhead = k == null ? "" : k;
                menu(run, state, m, attempt + 1);
            });
        });
    }

    /** Collects digits into the step's variable; {@code attempt} counts the tries made so far. */
    static void collect(FlowRun run, CallState state, Step.Collect c, int attempt) {
        CompletionStage<String> input;
        if (!state.typedAhead.isEmpty()) {
            String first = state.takeTypedKey();
            input = c.maxDigits() <= 1 || "#".equals(first) ? CompletableFuture.completedFuture(first)
                    : state.channel.read(List.of(), c.maxDigits() - 1, c.timeout()).thenApply(rest -> first + rest);
        } else {
            input = PromptPlayer.ask(state, c.prompts(), c.maxDigits(), c.timeout());
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
                retryCollect(run, state, c, attempt, c.invalidPrompts());
                return;
            }
            state.vars.put(c.into(), digits);
            if (c.confirmPrompts().isEmpty()) {
                state.mark("ok");
                run.enter(c.next());
                return;
            }
            PromptPlayer.ask(state, c.confirmPrompts(), 1, CONFIRM_TIMEOUT).whenComplete((answer, e2) -> {
                if (run.failed(e2)) {
                    return;
                }
                if ("1".equals(answer)) {
                    state.mark("ok");
                    run.enter(c.next());
                } else {
                    state.mark("not-confirmed");
                    state.vars.remove(c.into());
                    retryCollect(run, state, c, attempt, List.of());
                }
            });
        });
    }

    private static void retryCollect(FlowRun run, CallState state, Step.Collect c, int attempt,
                                     List<Prompt> complaint) {
        if (attempt >= c.retries()) {
            run.enter(c.fallback());
            return;
        }
        PromptPlayer.play(state, complaint, PromptPlayer.ALL_KEYS).whenComplete((k, err) -> {
            if (run.failed(err)) {
                return;
            }
            state.typedAhead = k == null ? "" : k;
            collect(run, state, c, attempt + 1);
        });
    }

    /** Asks the survey's questions when its condition holds, or marks it skipped. */
    static void survey(FlowRun run, CallState state, Step.Survey s) {
        if (s.when() != null && !s.when().test(state)) {
            state.mark("skipped");
            run.enter(s.next());
        } else {
            question(run, state, s, 0, 0);
        }
    }

    private static void question(FlowRun run, CallState state, Step.Survey s, int index, int attempt) {
        if (index >= s.questions().size()) {
            run.enter(s.next());
            return;
        }
        Step.Question q = s.questions().get(index);
        PromptPlayer.ask(state, q.prompts(), q.kind().maxDigits(), SURVEY_TIMEOUT).whenComplete((keys, err) -> {
            if (run.failed(err)) {
                return;
            }
            String digits = keys == null ? "" : keys.replace("#", "");
            int score = digits.matches("[0-9]{1,2}") ? Integer.parseInt(digits) : -1;
            if (score >= q.kind().min() && score <= q.kind().max()) {
                state.answer(q.kind(), score);
                question(run, state, s, index + 1, 0);
            } else if (attempt == 0) {
                question(run, state, s, index, 1);
            } else {
                state.path.add(state.current + "." + q.kind().key() + "=none");
                question(run, state, s, index + 1, 0);
            }
        });
    }
}
