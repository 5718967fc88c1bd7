package org.acdserver.gateway.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.acdserver.flow.Schedule;

/**
 * The old inline form of a queue's callback hours, {@code hours: {zone: Europe/Berlin, mon: "08:00-12:00,13:00-18:00",
 * friday: "09:00-12:00"}}: a weekly plan only, read as a {@link Schedule} without holidays. It is still accepted,
 * with a warning that shows the same hours in the {@code schedules.yaml} form, so that they can be moved there and
 * gain holidays and exceptions.
 */
final class InlineHours {

    private InlineHours() {
    }

    /**
     * Parses day names ({@code mon} … {@code sun}, or longer: {@code friday}) to ranges ({@code "08:00-18:00"},
     * several separated by commas).
     *
     * @throws IllegalArgumentException naming the day or range that is wrong
     */
    static Schedule parse(String name, ZoneId zone, Map<String, String> byDay) {
        Map<DayOfWeek, List<Schedule.Range>> days = new EnumMap<>(DayOfWeek.class);
        boolean any = false;
        for (Map.Entry<String, String> e : byDay.entrySet()) {
            DayOfWeek day = day(e.getKey());
            List<Schedule.Range> ranges = new ArrayList<>(days.getOrDefault(day, List.of()));
            for (String part : e.getValue().split(",")) {
                try {
                    ranges.add(Schedule.Range.parse(part));
                    any = true;
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException("opening hours of " + e.getKey() + ": " + x.getMessage(), x);
                }
            }
            days.put(day, List.copyOf(ranges));
        }
        if (!any) {
            throw new IllegalArgumentException("opening hours list no open day");
        }
        return new Schedule(name, zone, days, Set.of(), Map.of());
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT)) && name.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("opening hours: '" + name + "' is not a weekday (mon, tue, ...)");
    }

    /** The schedule as one {@code schedules.yaml} entry: {@code name: {zone: ..., weekly: {mon: [...]}}}. */
    static String asScheduleEntry(Schedule s) {
        String weekly = s.weekly().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name().substring(0, 3).toLowerCase(Locale.ROOT) + ": ["
                        + e.getValue().stream().map(r -> "\"" + time(r.from()) + "-" + time(r.to()) + "\"")
                        .collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", "));
        return s.name() + ": {zone: " + s.zone() + ", weekly: {" + weekly + "}}";
    }

    private static String time(LocalTime t) {
        return t.equals(LocalTime.MAX) ? "24:00" : t.toString();
    }
}
