package org.acdserver.gateway.desktop;

import java.util.List;

/**
 * One page of a caller's timeline, newest first.
 *
 * @param callerNumber the number whose contacts these are; null when the agent has no call (then nothing is listed)
 * @param entries      the contacts of this page, newest first
 * @param nextBefore   the {@code before} that reads the next (older) page, or null when this is the last
 */
public record TimelinePage(String callerNumber, List<TimelineEntry> entries, Long nextBefore) {

    public TimelinePage {
        entries = List.copyOf(entries);
    }

    /** The page of an agent without a call with a known number. */
    public static TimelinePage none() {
        return new TimelinePage(null, List.of(), null);
    }
}
