package org.acdserver.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.acdserver.flow.NamedQuery;
import org.acdserver.flow.Schedule;
import org.acdserver.yaml.YamlNode;

/**
 * Reads {@code schedules.yaml} (named opening hours, for flows' hours steps and queues' callbacks) and
 * {@code queries.yaml} (named look-up queries). A missing file means none.
 *
 * <pre>
 * schedules:
 *   office:
 *     zone: Europe/Berlin
 *     weekly: {mon: ["08:00-18:00"], fri: ["08:00-12:00", "13:00-16:00"]}
 *     holidays: ["2026-12-25"]
 *     exceptions: {"2026-12-24": ["08:00-12:00"]}
 * queries:
 *   customer-by-phone: {sql: "SELECT name FROM customer WHERE phone = ?", parameters: [phone]}
 * </pre>
 */
final class FlowResourceFiles {

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private FlowResourceFiles() {
    }

    /** Schedules by name, in file order. */
    static Map<String, Schedule> schedules(Path file) throws InvalidConfigurationException {
        Map<String, Schedule> schedules = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return schedules;
        }
        ConfigFile f = ConfigFile.read(file);
        YamlNode.Mapping all = f.mapping(f.root(), "schedules");
        if (all == null) {
            return schedules;
        }
        for (Map.Entry<String, YamlNode> e : all.fields().entrySet()) {
            try {
                schedules.put(e.getKey(), schedule(f, e.getKey(), e.getValue()));
            } catch (InvalidConfigurationException ex) {
                // The file and the schedule's name lead the message (as they always have); the position follows.
                throw new InvalidConfigurationException(file + ": schedule '" + e.getKey() + "': " + ex.problem()
                        + " (" + f.where(ex.at()) + ")", ex);
            }
        }
        return schedules;
    }

    private static Schedule schedule(ConfigFile f, String name, YamlNode node) throws InvalidConfigurationException {
        if (!(node instanceof YamlNode.Mapping n)) {
            throw f.error(node, "expected {zone, weekly, holidays, exceptions}");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(f.text(n, "zone", "UTC"));
        } catch (DateTimeException e) {
            throw f.error(n.get("zone"), "'" + f.text(n, "zone", "") + "' is not a time zone, like Europe/Berlin");
        }
        Map<DayOfWeek, List<Schedule.Range>> weekly = new EnumMap<>(DayOfWeek.class);
        YamlNode.Mapping days = f.mapping(n, "weekly");
        if (days != null) {
            for (Map.Entry<String, YamlNode> d : days.fields().entrySet()) {
                DayOfWeek day = DAYS.get(d.getKey().toLowerCase(Locale.ROOT));
                if (day == null) {
                    throw f.error(days.keyAt(d.getKey()), "'" + d.getKey() + "' is not a day (mon, tue, ... sun)");
                }
                weekly.put(day, ranges(f, d.getValue()));
            }
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (YamlNode h : f.items(n, "holidays")) {
            holidays.add(date(f, h, h instanceof YamlNode.Scalar s ? s.text() : null));
        }
        Map<LocalDate, List<Schedule.Range>> exceptions = new HashMap<>();
        YamlNode.Mapping ex = f.mapping(n, "exceptions");
        if (ex != null) {
            for (Map.Entry<String, YamlNode> e : ex.fields().entrySet()) {
                exceptions.put(date(f, e.getValue(), e.getKey()), ranges(f, e.getValue()));
            }
        }
        return new Schedule(name, zone, weekly, holidays, exceptions);
    }

    private static LocalDate date(ConfigFile f, YamlNode at, String text) throws InvalidConfigurationException {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeException e) {
            throw f.error(at, "'" + text + "' is not a date like 2026-12-25");
        }
    }

    /** A list of ranges, or one plain value holding ranges separated by commas. */
    private static List<Schedule.Range> ranges(ConfigFile f, YamlNode n) throws InvalidConfigurationException {
        List<YamlNode> items = n instanceof YamlNode.Sequence s ? s.items() : List.of(n);
        List<Schedule.Range> out = new ArrayList<>();
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar s) || s.text() == null) {
                throw f.error(item, "expected opening ranges like [\"08:00-12:00\", \"13:00-18:00\"]");
            }
            for (String part : s.text().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    out.add(Schedule.Range.parse(part));
                } catch (IllegalArgumentException e) {
                    throw f.error(item, e.getMessage());
                }
            }
        }
        return out;
    }

    /** Named queries, in file order. */
    static Map<String, NamedQuery> queries(Path file) throws InvalidConfigurationException {
        Map<String, NamedQuery> queries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return queries;
        }
        ConfigFile f = ConfigFile.read(file);
        YamlNode.Mapping all = f.mapping(f.root(), "queries");
        if (all == null) {
            return queries;
        }
        for (Map.Entry<String, YamlNode> e : all.fields().entrySet()) {
            if (!(e.getValue() instanceof YamlNode.Mapping q)) {
                throw f.error(e.getValue(), "query '" + e.getKey() + "' must be {sql, parameters}");
            }
            try {
                queries.put(e.getKey(), new NamedQuery(e.getKey(), f.text(q, "sql", ""), f.texts(q, "parameters")));
            } catch (IllegalArgumentException ex) {
                throw f.error(q, ex.getMessage());
            }
        }
        return queries;
    }
}
