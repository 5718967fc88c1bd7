package org.acdserver.gateway.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends rows in PostgreSQL's COPY text format to a buffer: fields separated by tabs, rows ended by a line feed,
 * {@code \N} for null, and backslash, tab, line feed and carriage return escaped with a backslash. Times are
 * written as UTC timestamps ({@code 2026-01-05 09:00:00.123456+00}) by hand: the general formatter costs more than
 * the rest of the row together. Arrays are written as array literals ({@code {"a","b"}}).
 */
final class CopyRow {

    private final StringBuilder out;
    private boolean first = true;

    CopyRow(StringBuilder out) {
        this.out = out;
    }

    CopyRow text(String value) {
        separator();
        if (value == null) {
            out.append("\\N");
        } else {
            escaped(value);
        }
        return this;
    }

    CopyRow number(Double value) {
        separator();
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.doubleValue());
        }
        return this;
    }

    CopyRow number(Integer value) {
        separator();
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.intValue());
        }
        return this;
    }

    CopyRow instant(Instant value) {
        separator();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            // Outside four-digit years the general form is exact; such times do not occur in practice.
            out.append(value);
            return this;
        }
        out.append(year).append('-');
        two(t.getMonthValue()).append('-');
        two(t.getDayOfMonth()).append(' ');
        two(t.getHour()).append(':');
        two(t.getMinute()).append(':');
        two(t.getSecond());
        int micros = value.getNano() / 1_000;
        if (micros != 0) {
            out.append('.');
            String digits = Integer.toString(micros);
            for (int i = digits.length(); i < 6; i++) {
                out.append('0');
            }
            out.append(digits);
        }
        out.append("+00");
        return this;
    }

    /** A text array literal; every element quoted. */
    CopyRow array(List<String> values) {
        separator();
        if (values == null) {
            out.append("\\N");
            return this;
        }
        out.append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = values.get(i);
            if (v == null) {
                out.append("NULL");
                continue;
            }
            // Array-literal quoting first (backslash and double quote), then COPY's escaping of that text.
            out.append('"');
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == '"' || c == '\\') {
                    out.append("\\\\");
                }
                escaped(c);
            }
            out.append('"');
        }
        out.append('}');
        return this;
    }

    /** Ends the row. */
    void end() {
        out.append('\n');
        first = true;
    }

    private void separator() {
        if (!first) {
            out.append('\t');
        }
        first = false;
    }

    private StringBuilder two(int v) {
        if (v < 10) {
            out.append('0');
        }
        return out.append(v);
    }

    private void escaped(String value) {
        for (int i = 0; i < value.length(); i++) {
            escaped(value.charAt(i));
        }
    }

    private void escaped(char c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> out.append(c);
        }
    }
}
