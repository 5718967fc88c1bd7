package org.acdserver.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One step of a flow. Steps refer to each other by id. */
public sealed interface Step {

    /** The step's id, unique in its flow. */
    String id();

    /** Plays prompts, then goes to {@code next}; a key pressed during them is kept for a following menu. */
    record Play(String id, List<String> prompts, String next) implements Step {
    }

    /**
     * Plays a prompt and takes one key. A key pressed during the prompt is taken at once. Invalid keys and silence
     * replay their prompts up to {@code retries} times, then the call goes to {@code fallback}.
     */
    record Menu(String id, List<String> prompts, Map<String, String> choices, Duration timeout, int retries,
                List<String> invalidPrompts, List<String> noInputPrompts, String fallback) implements Step {
    }

    /**
     * Hands the call to a queue with a priority (higher is served first) and skills the call needs beyond the
     * queue's (skill to minimum proficiency); {@code next} follows when the agent leg ends or nobody took the call.
     */
    record Queue(String id, String queue, int priority, Map<String, Integer> skills, String next) implements Step {
        public Queue {
            skills = Map.copyOf(skills);
        }
    }

    /** Plays optional prompts and ends the call. */
    record Hangup(String id, List<String> prompts) implements Step {
    }
}
