package org.acdserver.gateway.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A report as JSON, as CSV (one section: queues, calls or agents; every field a column, not-ready reasons as
 * {@code notReadyByReason.<reason>} columns) or as a text table for people (the main columns of every section,
 * shares in percent, times in the report's zone).
 */
public final class ReportFormat {

    /** The sections of a report, as CSV names them. */
    public static final List<String> SECTIONS = List.of("queues", "calls", "agents");

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final Set<String> SHARES = Set.of("serviceLevel", "serviceLevel2", "abandonmentRate", "fcrRate",
            "csatTopShare", "callbackSuccessRate", "predictedServiceLevel", "occupancy", "selfServiceRatio");
    private static final Map<String, List<String>> TABLE_COLUMNS = Map.of(
            "queues", List.of("start", "queue", "offered", "answered", "abandoned", "shortAbandoned",
                    "serviceLevel", "serviceLevel2", "asaSeconds", "ahtSeconds", "abandonmentRate", "fcrRate",
                    "csatMean", "nps", "cesMean", "callbackSuccessRate", "staffedAgents", "advisedAgents"),
            "calls", List.of("start", "calls", "selfService", "selfServiceRatio", "abandonedInIvr", "queued",
                    "transferred"),
            "agents", List.of("start", "agent", "loggedInSeconds", "readySeconds", "notReadySeconds", "talkSeconds",
                    "holdSeconds", "wrapUpSeconds", "occupancy", "callsAnswered", "ahtSeconds", "missedOffers"));

    private ReportFormat() {
    }

    public static String json(Report report) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    /** One section as CSV, with a header line. */
    public static String csv(Report report, String section) {
        List<Map<String, String>> rows = flatten(rows(report, section));
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        if (columns.isEmpty()) {
            columns.addAll(TABLE_COLUMNS.get(section));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", columns)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(csvCell(r.getOrDefault(c, "")));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    /** Every section with rows as an aligned text table. */
    public static String table(Report report) {
        ZoneId zone = ZoneId.of(report.timeZone());
        DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        StringBuilder out = new StringBuilder();
        out.append("report ").append(when.format(report.from())).append(" to ").append(when.format(report.to()))
                .append(' ').append(report.timeZone()).append(", intervals of ").append(report.interval())
                .append('\n');
        for (String section : SECTIONS) {
            List<Map<String, String>> rows = flatten(rows(report, section));
            if (rows.isEmpty()) {
                continue;
            }
            List<String> columns = TABLE_COLUMNS.get(section);
            List<List<String>> cells = new ArrayList<>();
            cells.add(columns);
            for (Map<String, String> r : rows) {
                List<String> line = new ArrayList<>();
                for (String c : columns) {
                    line.add(shown(c, r.getOrDefault(c, ""), when));
                }
                cells.add(line);
            }
            int[] widths = new int[columns.size()];
            for (List<String> line : cells) {
                for (int i = 0; i < line.size(); i++) {
                    widths[i] = Math.max(widths[i], line.get(i).length());
                }
            }
            out.append('\n').append(section).append('\n');
            for (List<String> line : cells) {
                StringBuilder l = new StringBuilder();
                for (int i = 0; i < line.size(); i++) {
                    l.append(i == 0 ? "" : "  ").append(String.format("%" + (i < 2 ? "-" : "") + widths[i] + "s",
                            line.get(i)));
                }
                out.append(l.toString().stripTrailing()).append('\n');
            }
        }
        return out.toString();
    }

    private static List<?> rows(Report report, String section) {
        return switch (section) {
            case "queues" -> report.queues();
            case "calls" -> report.calls();
            case "agents" -> report.agents();
            default -> throw new IllegalArgumentException("section '" + section + "' is not one of " + SECTIONS);
        };
    }

    /** Rows as field name to text, nested mappings as {@code field.key}. */
    private static List<Map<String, String>> flatten(List<?> rows) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object row : rows) {
            Map<String, String> cells = new LinkedHashMap<>();
            JSON.valueToTree(row).fields().forEachRemaining(e -> put(cells, e.getKey(), e.getValue()));
            out.add(cells);
        }
        return out;
    }

    private static void put(Map<String, String> cells, String name, JsonNode value) {
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> put(cells, name + "." + e.getKey(), e.getValue()));
        } else {
            cells.put(name, value.isNull() ? "" : value.asText());
        }
    }

    private static String shown(String column, String value, DateTimeFormatter when) {
        if (value.isEmpty()) {
            return "-";
        }
        if (column.equals("start")) {
            return when.format(Instant.parse(value));
        }
        if (SHARES.contains(column)) {
            return String.format(Locale.ROOT, "%.1f%%", 100 * Double.parseDouble(value));
        }
        if (value.matches("-?\\d+\\.\\d+([eE]-?\\d+)?")) {
            return String.format(Locale.ROOT, "%.1f", Double.parseDouble(value));
        }
        return value;
    }

    private static String csvCell(String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
