package org.acdserver.gateway.callback;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opening hours that repeat every week: per weekday, time ranges in one time zone, for example
 * {@code mon: "08:00-12:00,13:00-18:00"}. A day not listed is closed. Ranges end before midnight.
 */
public final class WeeklyHours implements OpeningHours {

    /** One opening range of a day, {@code [open, close)}. */
    private record Range(LocalTime open, LocalTime close) {
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Range>> days;

    private WeeklyHours(ZoneId zone, Map<DayOfWeek, List<Range>> days) {
        this.zone = zone;
        this.days = days;
    }

    /**
     * Parses day names ({@code mon} … {@code sun}) to ranges ({@code "08:00-18:00"}, several separated by commas).
     *
     * @throws IllegalArgumentException naming the day or range that is wrong
     */
    public static WeeklyHours parse(ZoneId zone, Map<String, String> byDay) {
        Map<DayOfWeek, List<Range>> days = new EnumMap<>(DayOfWeek.class);
        boolean any = false;
        for (Map.Entry<String, String> e : byDay.entrySet()) {
            DayOfWeek day = day(e.getKey());
            List<Range> ranges = new ArrayList<>();
            for (String part : e.getValue().split(",")) {
                String[] ends = part.trim().split("-");
                if (ends.length != 2) {
                    throw new IllegalArgumentException("opening hours of " + e.getKey() + ": '" + part
                            + "' is not a range like 08:00-18:00");
                }
                try {
                    Range r = new Range(LocalTime.parse(ends[0].trim()), LocalTime.parse(ends[1].trim()));
                    if (!r.open().isBefore(r.close())) {
                        throw new IllegalArgumentException("opening hours of " + e.getKey() + ": '" + part
                                + "' closes before it opens");
                    }
                    ranges.add(r);
                    any = true;
                } catch (java.time.format.DateTimeParseException x) {
                    throw new IllegalArgumentException("opening hours of " + e.getKey() + ": '" + part
                            + "' is not a range like 08:00-18:00", x);
                }
            }
            ranges.sort(java.util.Comparator.comparing(Range::open));
            days.put(day, List.copyOf(ranges));
        }
        if (!any) {
            throw new IllegalArgumentException("opening hours list no open day");
        }
        return new WeeklyHours(zone, days);
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT)) && name.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("opening hours: '" + name + "' is not a weekday (mon, tue, ...)");
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean isOpen(Instant at) {
        ZonedDateTime t = at.atZone(zone);
        LocalTime time = t.toLocalTime();
        for (Range r : days.getOrDefault(t.getDayOfWeek(), List.of())) {
            if (!time.isBefore(r.open()) && time.isBefore(r.close())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Instant nextOpening(Instant at) {
        if (isOpen(at)) {
            return at;
        }
        ZonedDateTime t = at.atZone(zone);
        LocalDate date = t.toLocalDate();
        // Eight days: from later today round to the same weekday next week.
        for (int i = 0; i <= 7; i++) {
            LocalDate d = date.plusDays(i);
            for (Range r : days.getOrDefault(d.getDayOfWeek(), List.of())) {
                ZonedDateTime open = d.atTime(r.open()).atZone(zone);
                if (open.toInstant().isAfter(at)) {
                    return open.toInstant();
                }
            }
        }
        throw new IllegalStateException("no opening within a week of " + at);
    }
}
