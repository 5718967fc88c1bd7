package org.acdserver.gateway.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * What an interval report covers: from and to (aligned outwards to whole intervals), the interval length, the time
 * zone hours and days begin in, and optionally one queue and one agent.
 *
 * @param queue one queue's rows only; null for every queue
 * @param agent one agent's rows only; null for every agent
 */
public record ReportRequest(Instant from, Instant to, ReportInterval interval, ZoneId zone, String queue,
                            String agent) {

    /** The longest report asked for at once. */
    public static final Duration LONGEST = Duration.ofDays(400);

    public ReportRequest {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a report covers at most " + LONGEST.toDays() + " days");
        }
        from = interval.startOf(from, zone);
        Instant lastStart = interval.startOf(to, zone);
        to = lastStart.equals(to) ? to : interval.endOf(lastStart, zone);
        queue = queue == null || queue.isBlank() ? null : queue;
        agent = agent == null || agent.isBlank() ? null : agent;
    }

    /**
     * Reads the command line's and the HTTP query's forms: {@code from} and {@code to} as a date
     * ({@code 2026-03-02}: its midnight in {@code zone}), a local time ({@code 2026-03-02T08:00}) or an instant with
     * its offset ({@code 2026-03-02T07:00:00Z}); {@code interval} as {@code 15m}, {@code 1h} or {@code 1d}.
     *
     * @throws IllegalArgumentException naming the value that cannot be read
     */
    public static ReportRequest parse(String from, String to, String interval, ZoneId zone, String queue,
                                      String agent) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a report needs --from and --to (for example 2026-03-02)");
        }
        return new ReportRequest(instant("from", from, zone), instant("to", to, zone),
                ReportInterval.of(interval == null || interval.isBlank() ? "15m" : interval), zone, queue, agent);
    }

    private static Instant instant(String name, String text, ZoneId zone) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " '" + text + "' is not a date (2026-03-02), a local"
                    + " time (2026-03-02T08:00) or an instant (2026-03-02T07:00:00Z)");
        }
    }
}
