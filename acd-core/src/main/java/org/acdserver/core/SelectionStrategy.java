package org.acdserver.core;

import java.util.Locale;

/** How a queue picks among its ready agents; chosen per queue when the configuration loads. */
public enum SelectionStrategy {
    /** The agent who has waited longest since their last call (the default). */
    LONGEST_IDLE,
    /** Agents in turn, in the queue's member order, starting after the last one chosen. */
    ROUND_ROBIN,
    /** The agent who has taken the fewest calls, then the longest idle. */
    FEWEST_CALLS,
    /** The agent with the least talk time so far, then the longest idle. */
    LEAST_TALK_TIME,
    /** The agent most proficient in the queue's and the call's required skills, then the longest idle. */
    BEST_PROFICIENCY,
    /** Always the first ready agent in the queue's member order. */
    FIXED_ORDER,
    /** A random ready agent, from a generator seeded per queue, so runs repeat. */
    RANDOM;

    /** Computed once: decisions name their strategy on the routing path. */
    private final String configName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The configuration name, for example {@code longest-idle}. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name such as {@code round-robin}. */
    public static SelectionStrategy fromConfig(String name) {
        for (SelectionStrategy s : values()) {
            if (s.configName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "' (known: longest-idle, round-robin,"
                + " fewest-calls, least-talk-time, best-proficiency, fixed-order, random)");
    }
}
