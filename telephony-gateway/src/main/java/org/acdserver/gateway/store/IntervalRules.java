package org.acdserver.gateway.store;

import java.time.Duration;
import java.util.Map;

/**
 * What interval aggregates need of the configuration when records are stored: per queue the service-level time T
 * and the short-abandon threshold, and the first-contact-resolution window. Records are counted with the rules in
 * force when they are stored; a later change applies from then on (past intervals are not recomputed).
 *
 * @param queues    the rule of each queue by id
 * @param defaults  the rule of queues not listed
 * @param fcrWindow a contact followed by a call from the same number within this time is a repeat
 */
public record IntervalRules(Map<String, QueueRule> queues, QueueRule defaults, Duration fcrWindow) {

    /** 20 s, no short abandons, 72 hours. */
    public static final IntervalRules DEFAULT = new IntervalRules(Map.of(), new QueueRule(20, 0),
            Duration.ofHours(72));

    public IntervalRules {
        queues = Map.copyOf(queues);
    }

    /**
     * One queue's rule.
     *
     * @param serviceLevelSeconds answered within this wait counts in the service level
     * @param shortAbandonSeconds callers who hang up sooner are short abandons
     */
    public record QueueRule(int serviceLevelSeconds, int shortAbandonSeconds) {
    }
}
