package org.acdserver.gateway.agi;

import java.util.List;

/**
 * One reply to an AGI command.
 *
 * @param code   200, 510 (invalid command), 511 (dead channel) or 520 (usage)
 * @param result the number after {@code result=}, or {@link #NO_RESULT} when absent or not a number
 * @param data   the text in parentheses, or null
 * @param endpos the value of {@code endpos=}, or -1
 * @param lines  the raw lines (several for a 520 usage reply)
 */
public record AgiReply(int code, int result, String data, long endpos, List<String> lines) {

    public static final int NO_RESULT = Integer.MIN_VALUE;

    public AgiReply {
        lines = List.copyOf(lines);
    }

    public boolean ok() {
        return code == 200;
    }

    public boolean channelDead() {
        return code == 511;
    }

    /** Parses a single-line reply ({@code 200}, {@code 510}, {@code 511}); null when the line is no reply. */
    static AgiReply parse(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        int code;
        try {
            code = Integer.parseInt(line.substring(0, 3));
        } catch (NumberFormatException e) {
            return null;
        }
        if (line.length() > 3 && line.charAt(3) != ' ') {
            return null;
        }
        int result = NO_RESULT;
        String data = null;
        long endpos = -1;
        int r = line.indexOf("result=");
        int afterResult = 3;
        if (r >= 0) {
            int end = line.indexOf(' ', r);
            String token = end < 0 ? line.substring(r + 7) : line.substring(r + 7, end);
            afterResult = end < 0 ? line.length() : end;
            try {
                result = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                result = NO_RESULT;
            }
        }
        int open = line.indexOf('(', afterResult);
        int close = line.lastIndexOf(')');
        if (open >= 0 && close > open) {
            data = line.substring(open + 1, close);
        }
        int e = line.indexOf("endpos=", close > 0 ? close : afterResult);
        if (e >= 0) {
            try {
                String v = line.substring(e + 7).trim();
                int sp = v.indexOf(' ');
                endpos = Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            } catch (NumberFormatException ignored) {
                endpos = -1;
            }
        }
        return new AgiReply(code, result, data, endpos, List.of(line));
    }
}
