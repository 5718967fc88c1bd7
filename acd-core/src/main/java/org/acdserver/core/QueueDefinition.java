package org.acdserver.core;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A queue as configured.
 *
 * @param id                 stable queue id, for example {@code sales}
 * @param ringTimeoutSeconds how long an offered agent leg rings before the offer is withdrawn
 * @param noAnswerPauseSeconds how long an agent who let an offer ring out stays not ready (0: not at all)
 * @param wrapUpSeconds      how long an agent stays in wrap-up after a call of this queue
 * @param strategy           how the queue picks among ready agents
 * @param randomSeed         seed of the {@link SelectionStrategy#RANDOM} strategy
 * @param requiredSkills     skill name to the minimum proficiency an agent needs for this queue's calls
 * @param escalation         steps applied to calls as they wait longer, in order of {@code afterSeconds}
 * @param maxWaitSeconds     a call that has waited this long leaves for the fallback (0: no limit)
 * @param maxLength          a call arriving to this many waiting calls goes to the fallback at once (0: no limit)
 * @param overflowQueue      the queue that takes calls leaving this one, keeping their place; null to hand them
 *                           back to their flow (which goes on to voicemail, a callback offer or a message)
 */
public record QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds, int wrapUpSeconds,
                              SelectionStrategy strategy, long randomSeed, Map<String, Integer> requiredSkills,
                              List<EscalationRule> escalation, int maxWaitSeconds, int maxLength,
                              String overflowQueue) {

    /** A queue without limits. */
    public QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds, int wrapUpSeconds,
                           SelectionStrategy strategy, long randomSeed, Map<String, Integer> requiredSkills,
                           List<EscalationRule> escalation) {
        this(id, ringTimeoutSeconds, noAnswerPauseSeconds, wrapUpSeconds, strategy, randomSeed, requiredSkills,
                escalation, 0, 0, null);
    }

    /** A queue without escalation. */
    public QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds, int wrapUpSeconds,
                           SelectionStrategy strategy, long randomSeed, Map<String, Integer> requiredSkills) {
        this(id, ringTimeoutSeconds, noAnswerPauseSeconds, wrapUpSeconds, strategy, randomSeed, requiredSkills,
                List.of());
    }

    /** A longest-idle queue without wrap-up or skills. */
    public QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds) {
        this(id, ringTimeoutSeconds, noAnswerPauseSeconds, 0, SelectionStrategy.LONGEST_IDLE, 0, Map.of());
    }

    /** A queue without required skills. */
    public QueueDefinition(String id, int ringTimeoutSeconds, int noAnswerPauseSeconds, int wrapUpSeconds,
                           SelectionStrategy strategy, long randomSeed) {
        this(id, ringTimeoutSeconds, noAnswerPauseSeconds, wrapUpSeconds, strategy, randomSeed, Map.of());
    }

    /** The handle time wait estimates assume until the queue has measured its own (seconds). */
    public int defaultHandleSeconds() {
        return 180;
    }

    public QueueDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        if (maxWaitSeconds < 0 || maxLength < 0) {
            throw new IllegalArgumentException("queue " + id + ": maxWaitSeconds and maxLength must not be negative");
        }
        if (id.equals(overflowQueue)) {
            throw new IllegalArgumentException("queue " + id + " cannot overflow into itself");
        }
        requiredSkills = Map.copyOf(requiredSkills);
        escalation = escalation.stream()
                .sorted(Comparator.comparingInt(EscalationRule::afterSeconds)).toList();
        requiredSkills.forEach((skill, level) -> {
            if (level < 1 || level > 10) {
                throw new IllegalArgumentException("queue " + id + ": minimum proficiency of " + skill
                        + " must be 1-10, not " + level);
            }
        });
        if (wrapUpSeconds < 0) {
            throw new IllegalArgumentException("queue " + id + ": wrapUpSeconds must not be negative");
        }
        if (ringTimeoutSeconds < 1) {
            throw new IllegalArgumentException("queue " + id + ": ringTimeoutSeconds must be at least 1");
        }
        if (noAnswerPauseSeconds < 0) {
            throw new IllegalArgumentException("queue " + id + ": noAnswerPauseSeconds must not be negative");
        }
    }
}
