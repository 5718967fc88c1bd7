package org.acdserver.flow;

import java.time.Clock;
import java.util.Map;

/**
 * What runs share: the active flows (for subflows), the named schedules, the lookups and the clock.
 *
 * @param flows     the flows active together, by name
 * @param schedules named opening hours
 * @param lookups   runs named queries
 * @param clock     the time for hours steps and the time variables
 */
public record FlowEnvironment(Map<String, Flow> flows, Map<String, Schedule> schedules, Lookups lookups,
                              Clock clock) {
    public FlowEnvironment {
        flows = Map.copyOf(flows);
        schedules = Map.copyOf(schedules);
    }

    /** No other flows, no schedules, no database, the system clock. */
    public static FlowEnvironment standalone(Flow flow) {
        return new FlowEnvironment(Map.of(flow.name(), flow), Map.of(), Lookups.NONE, Clock.systemUTC());
    }
}
