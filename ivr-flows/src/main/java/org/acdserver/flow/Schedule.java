package org.acdserver.flow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours, shared by name between flows: a weekly plan in a time zone, holidays when it is closed all day,
 * and exception dates with hours of their own (an empty list closes that day).
 *
 * @param name       what hours steps call it
 * @param zone       the time zone the hours are in
 * @param weekly     opening ranges by day of the week; a missing day is closed
 * @param holidays   dates closed all day
 * @param exceptions dates with their own ranges, taking the place of the weekly plan
 */
public record Schedule(String name, ZoneId zone, Map<DayOfWeek, List<Range>> weekly, Set<LocalDate> holidays,
                       Map<LocalDate, List<Range>> exceptions) {

    public Schedule {
        weekly = Map.copyOf(weekly);
        holidays = Set.copyOf(holidays);
        exceptions = Map.copyOf(exceptions);
    }

    /** Open from {@code from} (inclusive) to {@code to} (exclusive); "24:00" is the end of the day. */
    public record Range(LocalTime from, LocalTime to) {
        /** Parses {@code 08:00-17:30}. */
        public static Range parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a range like 08:00-17:30");
            }
            LocalTime from = LocalTime.parse(parts[0].strip());
            LocalTime to = "24:00".equals(parts[1].strip()) ? LocalTime.MAX : LocalTime.parse(parts[1].strip());
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("range '" + text + "' ends before it starts");
            }
            return new Range(from, to);
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    /** Whether it is open at an instant. */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        List<Range> ranges = exceptions.containsKey(date) ? exceptions.get(date)
                : holidays.contains(date) ? List.of() : weekly.getOrDefault(local.getDayOfWeek(), List.of());
        LocalTime t = local.toLocalTime();
        for (Range r : ranges) {
            if (r.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
