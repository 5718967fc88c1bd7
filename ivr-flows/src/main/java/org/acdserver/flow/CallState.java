package org.acdserver.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a {@link FlowRun} knows about its call: the channel to it, the step it is in, the path so far, the variables,
 * a key typed ahead of a menu, the priority and skills set for queueing, and what the call left behind (survey
 * answers, a message, a transfer, whether it reached a queue and an agent). The run's {@link FlowOutcome} is built
 * from it, and it is the variables' lookup that expressions read ({@link #apply}).
 *
 * <p>The path records each step entered by its label ({@code step}, or {@code flow:step} inside a subflow) and, after
 * it, what happened there ({@code menu=1}, {@code hours=closed}, {@code survey.csat=5}), so a record of the call
 * shows its way through the flow. Touched only on the call's own thread, like the run.
 *
 * <p>It is the only object a run adds for the steps' sake: {@link PromptPlayer}, {@link Keypad} and
 * {@link QueueHandOff} keep nothing per call and work on it, so a waiting call costs little more memory than when
 * one class did everything.
 */
final class CallState implements Function<String, String> {

    final CallChannel channel;
    final List<String> path = new ArrayList<>();
    final Map<String, String> vars = new HashMap<>();
    /** The label of the step the call is in. */
    String current;
    /** Keys pressed during prompts, for a following menu or collect step; "" when none. */
    String typedAhead = "";
    /**
     * Sound files of the step just before a menu, not played yet: the menu plays them first, in the same operation
     * as its own prompts and its wait for a key, so no key falls between the two (see {@link PromptPlayer#leadIn}).
     */
    List<String> leadIn = List.of();
    boolean queued;
    boolean connected;
    /** The priority a set step gave the call, or null for none. */
    Integer priority;
    /** The skills set steps asked for, skill to minimum proficiency. */
    Map<String, Integer> skills = Map.of();
    Map<String, Integer> survey;
    Recording voicemail;
    String transferredTo;

    CallState(CallChannel channel) {
        this.channel = channel;
    }

    /** A variable's value, or null: how expressions read the call's variables. */
    @Override
    public String apply(String name) {
        return vars.get(name);
    }

    /** Records in the path what happened in the current step, as {@code step=result}. */
    void mark(String result) {
        path.add(current + "=" + result);
    }

    /** Takes the first key typed ahead, or "" when none; the rest is dropped. */
    String takeTypedKey() {
        String key = typedAhead.isEmpty() ? "" : typedAhead.substring(0, 1);
        typedAhead = "";
        return key;
    }

    /** Keeps a survey answer, as the outcome's survey and as the variable {@code survey.<kind>}. */
    void answer(SurveyKind kind, int score) {
        if (survey == null) {
            survey = new LinkedHashMap<>();
        }
        survey.put(kind.key(), score);
        vars.put("survey." + kind.key(), String.valueOf(score));
        path.add(current + "." + kind.key() + "=" + score);
    }

    FlowOutcome outcome(String flow, FlowOutcome.Ending ending) {
        return new FlowOutcome(flow, path, current, ending, queued, connected, vars, survey, voicemail,
                transferredTo);
    }
}
