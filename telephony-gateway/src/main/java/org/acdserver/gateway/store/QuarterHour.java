package org.acdserver.gateway.store;

import java.time.Instant;

/**
 * The quarter hours interval aggregates are kept in. Every time zone in use today lies a whole number of quarter
 * hours from UTC, so a quarter hour begins at the same instant in all of them: aggregates are keyed by that instant,
 * and reports add quarter hours up into the hours and days of the configured zone.
 */
public final class QuarterHour {

    /** A quarter hour, in milliseconds. */
    public static final long MILLIS = 15 * 60 * 1000L;

    private QuarterHour() {
    }

    /** The start of the quarter hour holding {@code at}. */
    public static Instant startOf(Instant at) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), MILLIS) * MILLIS);
    }
}
