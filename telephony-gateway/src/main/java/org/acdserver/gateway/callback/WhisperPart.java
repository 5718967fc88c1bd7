package org.acdserver.gateway.callback;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One part of what a callback's agent hears before the customer is dialed. A queue lists the parts it wants
 * ({@code whisper: [calling, queue, number, data]} in queues.yaml, all of them by default): agents who see the
 * customer on their desktop may need only "calling", and the whole whisper takes about ten seconds of each callback.
 */
public enum WhisperPart {
    /** The word "calling". */
    CALLING,
    /** The queue's name, spelled out. */
    QUEUE,
    /** The customer's number, digit by digit. */
    NUMBER,
    /** What the flow found out and marked for the agent ({@code whisper:} on the flow's queue step). */
    DATA;

    /** Every part, in the order they are played. */
    public static final Set<WhisperPart> ALL = Collections.unmodifiableSet(EnumSet.allOf(WhisperPart.class));

    /** The part named {@code name} in a configuration file (case-insensitive), or null. */
    public static WhisperPart named(String name) {
        for (WhisperPart p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** The names a configuration file may use, for error messages. */
    public static String names() {
        return Stream.of(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
