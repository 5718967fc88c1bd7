package org.acdserver.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.acdserver.flow.expr.Expression;

/** One step of a flow. Steps refer to each other by id; a null target means "not given". */
public sealed interface Step {

    /** The step's id, unique in its flow. */
    String id();

    /** Every step this one can go to, by field name (for checks and messages). */
    Map<String, String> targets();

    /** True when the step waits for the caller (keys, a recording, an agent), so a loop through it is no spin. */
    default boolean waitsForCaller() {
        return false;
    }

    /** True when the call leaves the flow at this step. */
    default boolean ends() {
        return false;
    }

    private static Map<String, String> of(String... fieldAndTarget) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldAndTarget.length; i += 2) {
            if (fieldAndTarget[i + 1] != null) {
                m.put(fieldAndTarget[i], fieldAndTarget[i + 1]);
            }
        }
        return m;
    }

    /** Plays prompts, then goes to {@code next}; a key pressed during them is kept for a following menu. */
    record Play(String id, List<Prompt> prompts, String next) implements Step {
        public Map<String, String> targets() {
            return of("next", next);
        }
    }

    /**
     * Plays a prompt and takes one key. A key pressed during the prompt is taken at once. Invalid keys and silence
     * replay their prompts up to {@code retries} times, then the call goes to {@code fallback}. The key chosen is
     * kept in the variable {@code saveAs} when given.
     */
    record Menu(String id, List<Prompt> prompts, Map<String, String> choices, Duration timeout, int retries,
                List<Prompt> invalidPrompts, List<Prompt> noInputPrompts, String fallback, String saveAs)
            implements Step {
        public Map<String, String> targets() {
            Map<String, String> m = of("fallback", fallback);
            choices.forEach((k, v) -> m.put("choices." + k, v));
            return m;
        }

        @Override
        public boolean waitsForCaller() {
            return true;
        }
    }

    /**
     * Collects digits into a variable: between {@code minDigits} and {@code maxDigits}, ended early by {@code #},
     * matching {@code pattern} when given, optionally read back for the caller to confirm with 1.
     */
    record Collect(String id, List<Prompt> prompts, String into, int minDigits, int maxDigits, Pattern pattern,
                   Duration timeout, int retries, List<Prompt> invalidPrompts, List<Prompt> confirmPrompts,
                   String next, String fallback) implements Step {
        public Map<String, String> targets() {
            return of("next", next, "fallback", fallback);
        }

        @Override
        public boolean waitsForCaller() {
            return true;
        }
    }

    /**
     * Runs a named query with arguments computed from variables; its first row's columns become variables
     * ({@code into.column}, or just {@code column}), and {@code into.found} tells whether there was a row. A
     * failure or a timeout goes to {@code onError}.
     */
    record Lookup(String id, String query, Map<String, Expression> arguments, String into, Duration timeout,
                  String next, String onError) implements Step {
        public Map<String, String> targets() {
            return of("next", next, "onError", onError);
        }
    }

    /** The first case whose condition holds decides the next step; otherwise {@code otherwise}. */
    record Branch(String id, List<Case> cases, String otherwise) implements Step {
        public Map<String, String> targets() {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < cases.size(); i++) {
                m.put("cases." + i, cases.get(i).next());
            }
            if (otherwise != null) {
                m.put("otherwise", otherwise);
            }
            return m;
        }
    }

    /** One case of a branch. */
    record Case(Expression when, String next) {
    }

    /** Sets variables, and optionally the call's priority, required skills and language. */
    record Set(String id, Map<String, Expression> variables, Expression priority, Map<String, Integer> skills,
               String language, String next) implements Step {
        public Map<String, String> targets() {
            return of("next", next);
        }
    }

    /** Goes to {@code open} or {@code closed} by a named schedule at the current time. */
    record Hours(String id, String schedule, String open, String closed) implements Step {
        public Map<String, String> targets() {
            return of("open", open, "closed", closed);
        }
    }

    /**
     * Hands the call to a queue with a priority (higher is served first) and skills the call needs beyond the
     * queue's (skill to minimum proficiency). The queue and priority may come from expressions; without a priority
     * of its own the step uses the one a set step gave the call. {@code next} follows the agent leg,
     * {@code fallback} (or {@code next}) a call nobody took, {@code afterCallback} (or the end of the call) an
     * accepted callback. {@code whisper} names the variables (for example looked-up customer data) that the agent
     * hears before a callback's customer is dialed; {@code display} names the variables the agent's desktop shows
     * in the screen pop.
     */
    record Queue(String id, String queue, Expression queueFrom, Integer priority, Expression priorityFrom,
                 Map<String, Integer> skills, String musicClass, Duration announceEvery, String callbackKey,
                 String next, String fallback, String afterCallback, List<String> whisper, List<String> display)
            implements Step {
        public Queue {
            skills = Map.copyOf(skills);
            whisper = whisper == null ? List.of() : List.copyOf(whisper);
            display = display == null ? List.of() : List.copyOf(display);
        }

        public Map<String, String> targets() {
            return of("next", next, "fallback", fallback, "afterCallback", afterCallback);
        }

        @Override
        public boolean waitsForCaller() {
            return true;
        }
    }

    /** Records a message for a mailbox after its prompts; the recording is kept to be routed to an agent later. */
    record Voicemail(String id, String mailbox, List<Prompt> prompts, Duration maxLength, String next)
            implements Step {
        public Map<String, String> targets() {
            return of("next", next);
        }

        @Override
        public boolean waitsForCaller() {
            return true;
        }
    }

    /** Sends the call to an extension or an outside number; the call leaves the flow. */
    record Transfer(String id, Expression destination, List<Prompt> prompts) implements Step {
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public boolean ends() {
            return true;
        }
    }

    /**
     * Asks survey questions when {@code when} holds (for example consent given in an earlier menu); each answer is
     * kept as {@code survey.<kind>}. Answers out of range are asked once more, then skipped.
     */
    record Survey(String id, Expression when, List<Question> questions, String next) implements Step {
        public Map<String, String> targets() {
            return of("next", next);
        }

        @Override
        public boolean waitsForCaller() {
            return true;
        }
    }

    /** One survey question. */
    record Question(SurveyKind kind, List<Prompt> prompts) {
    }

    /** Runs another flow from its start with the same variables; its return step comes back to {@code next}. */
    record Subflow(String id, String flow, String next) implements Step {
        public Map<String, String> targets() {
            return of("next", next);
        }
    }

    /** Ends a subflow, going back to the calling flow's next step. */
    record Return(String id) implements Step {
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public boolean ends() {
            return true;
        }
    }

    /** Plays optional prompts and ends the call. */
    record Hangup(String id, List<Prompt> prompts) implements Step {
        public Map<String, String> targets() {
            return Map.of();
        }

        @Override
        public boolean ends() {
            return true;
        }
    }

    /** The prompts of a step by the field they are written in, for checks that the sound files exist. */
    static Map<String, List<Prompt>> promptFields(Step s) {
        Map<String, List<Prompt>> all = new LinkedHashMap<>();
        switch (s) {
            case Play p -> all.put("prompts", p.prompts());
            case Menu m -> {
                all.put("prompts", m.prompts());
                all.put("invalid", m.invalidPrompts());
                all.put("noInput", m.noInputPrompts());
            }
            case Collect c -> {
                all.put("prompts", c.prompts());
                all.put("invalid", c.invalidPrompts());
                all.put("confirm", c.confirmPrompts());
            }
            case Voicemail v -> all.put("prompts", v.prompts());
            case Transfer t -> all.put("prompts", t.prompts());
            case Survey v -> {
                List<Prompt> q = new ArrayList<>();
                v.questions().forEach(x -> q.addAll(x.prompts()));
                all.put("questions", q);
            }
            case Hangup h -> all.put("prompts", h.prompts());
            default -> {
            }
        }
        return all;
    }
}
