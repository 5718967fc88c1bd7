package org.acdserver.flow;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours, shared by name between flows and queues' callbacks: a weekly plan in a time zone, holidays when it
 * is closed all day, and exception dates with hours of their own (an empty list closes that day).
 *
 * @param name       what hours steps and callbacks call it
 * @param zone       the time zone the hours are in
 * @param weekly     opening ranges by day of the week; a missing day is closed
 * @param holidays   dates closed all day
 * @param exceptions dates with their own ranges, taking the place of the weekly plan
 */
public record Schedule(String name, ZoneId zone, Map<DayOfWeek, List<Range>> weekly, Set<LocalDate> holidays,
                       Map<LocalDate, List<Range>> exceptions) {

    /** How far ahead {@link #nextOpening} looks: a year and a bit covers any run of holidays. */
    private static final int HORIZON_DAYS = 400;

    /** Open at every moment, in UTC: the hours of queues whose callbacks name no schedule. */
    public static final Schedule ALWAYS = always();

    public Schedule {
        weekly = Map.copyOf(weekly);
        holidays = Set.copyOf(holidays);
        exceptions = Map.copyOf(exceptions);
    }

    private static Schedule always() {
        Map<DayOfWeek, List<Range>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            days.put(d, List.of(new Range(LocalTime.MIDNIGHT, LocalTime.MAX)));
        }
        return new Schedule("always", ZoneOffset.UTC, days, Set.of(), Map.of());
    }

    /** Open from {@code from} (inclusive) to {@code to} (exclusive); "24:00" is the end of the day. */
    public record Range(LocalTime from, LocalTime to) {
        /** Parses {@code 08:00-17:30}. */
        public static Range parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a range like 08:00-17:30");
            }
            LocalTime from;
            LocalTime to;
            try {
                from = LocalTime.parse(parts[0].strip());
                to = "24:00".equals(parts[1].strip()) ? LocalTime.MAX : LocalTime.parse(parts[1].strip());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not a range like 08:00-17:30", e);
            }
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("'" + text + "' closes before it opens");
            }
            return new Range(from, to);
        }

        boolean contains(LocalTime t) {
            // "24:00" is LocalTime.MAX: its last nanosecond belongs to the day too.
            return !t.isBefore(from) && (t.isBefore(to) || to.equals(LocalTime.MAX));
        }
    }

    /** Whether it is open at an instant. */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        for (Range r : ranges(local.toLocalDate())) {
            if (r.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code at} itself when open then, otherwise the next moment it opens: later that day, or on the next day that
     * is open, skipping holidays and closed exception dates.
     *
     * @throws IllegalStateException when it does not open within about a year
     */
    public Instant nextOpening(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int i = 0; i <= HORIZON_DAYS; i++) {
            LocalDate d = date.plusDays(i);
            Instant first = null;
            for (Range r : ranges(d)) {
                Instant open = d.atTime(r.from()).atZone(zone).toInstant();
                if (open.isAfter(at) && (first == null || open.isBefore(first))) {
                    first = open;
                }
            }
            if (first != null) {
                return first;
            }
        }
        throw new IllegalStateException("schedule '" + name + "' does not open within " + HORIZON_DAYS
                + " days of " + at);
    }

    /** Whether its weekly plan opens on some day, so that it opens again whatever the date. */
    public boolean opensEveryWeek() {
        return weekly.values().stream().anyMatch(r -> !r.isEmpty());
    }

    /** The ranges of one date: its exception, else closed on a holiday, else the weekly plan. */
    private List<Range> ranges(LocalDate date) {
        if (exceptions.containsKey(date)) {
            return exceptions.get(date);
        }
        return holidays.contains(date) ? List.of() : weekly.getOrDefault(date.getDayOfWeek(), List.of());
    }
}
