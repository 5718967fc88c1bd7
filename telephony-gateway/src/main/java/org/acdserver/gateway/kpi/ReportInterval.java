package org.acdserver.gateway.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.acdserver.gateway.store.QuarterHour;

/** The length of a report's intervals; hours and days begin in the report's time zone. */
public enum ReportInterval {
    /** Quarter hours, as stored. */
    QUARTER_HOUR("15m"),
    /** Hours of the time zone (in a zone an odd quarter hour from UTC, they begin at :15, :30 or :45 UTC). */
    HOUR("1h"),
    /** Days of the time zone, from midnight to midnight (23 or 25 hours when the clocks change). */
    DAY("1d");

    private final String label;

    ReportInterval(String label) {
        this.label = label;
    }

    /** As written on the command line: {@code 15m}, {@code 1h}, {@code 1d}. */
    public String label() {
        return label;
    }

    /** The interval a label names. */
    public static ReportInterval of(String label) {
        for (ReportInterval i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("interval '" + label + "' is not one of 15m, 1h, 1d");
    }

    /**
     * SQL that maps a quarter hour's start (a {@code timestamptz} column) to its interval's start in zone
     * {@code ?}.
     */
    String rollup(String column) {
        return switch (this) {
            case QUARTER_HOUR -> column;
            case HOUR -> "(date_trunc('hour', " + column + " AT TIME ZONE ?) AT TIME ZONE ?)";
            case DAY -> "(date_trunc('day', " + column + " AT TIME ZONE ?) AT TIME ZONE ?)";
        };
    }

    /** Whether {@link #rollup} takes the zone twice as parameters. */
    boolean zoned() {
        return this != QUARTER_HOUR;
    }

    /** The start of the interval holding {@code at}, in {@code zone}. */
    public Instant startOf(Instant at, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        return switch (this) {
            case QUARTER_HOUR -> QuarterHour.startOf(at);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> t.truncatedTo(ChronoUnit.DAYS).toInstant();
        };
    }

    /** The end of the interval that starts at {@code start}, in {@code zone}. */
    public Instant endOf(Instant start, ZoneId zone) {
        return switch (this) {
            case QUARTER_HOUR -> start.plus(Duration.ofMinutes(15));
            case HOUR -> start.atZone(zone).plusHours(1).toInstant();
            case DAY -> start.atZone(zone).plusDays(1).toInstant();
        };
    }
}
