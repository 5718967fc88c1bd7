package org.acdserver.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * Asterisk's own timeline of each caller channel, from a manager connection that reads the {@code agi} and
 * {@code call} classes: every AGI command with its start and end ({@code AGIExecStart}, {@code AGIExecEnd}) and the
 * start of the agent's dial ({@code DialBegin}), all stamped by Asterisk ({@code timestampevents = yes}).
 *
 * <p>From it come the two figures the ring-latency tool reports: the time from the queue step's start to
 * {@code DialBegin}, and the AGI commands a call took. The queue step starts when the server has the reply that ends
 * the step before it, which is the end of the last command before the first command of the queue step ({@code SET
 * MUSIC}, {@code WAIT FOR DIGIT} or the {@code Dial}). Both are Asterisk's times, so the figure holds the server's
 * reaction, its routing and the command's trip to Asterisk, and nothing of the tool.
 */
final class AgiTimeline implements AmiListener {

    /** One AGI command on a channel: its text and Asterisk's start and end times (0 while running). */
    record Command(String text, long startMicros, long endMicros) {
    }

    /** One caller channel: its commands in order and the time its agent dial began (0 for none). */
    static final class Channel {
        final List<Command> commands = new ArrayList<>();
        long dialBeginMicros;
        private String pendingText;
        private long pendingStart;

        /** Queue step start to DialBegin in microseconds, or -1 when the call never dialed an agent. */
        synchronized long queueToDialMicros() {
            long stepStart = stepStart();
            return dialBeginMicros == 0 || stepStart <= 0 ? -1 : dialBeginMicros - stepStart;
        }

        /**
         * Queue step start to the start of the {@code EXEC Dial} ({@code AGIExecStart}) in microseconds: the server's
         * reaction (the reply read, the routing core, the command written and read by Asterisk); -1 without a Dial.
         */
        synchronized long queueToDialCommandMicros() {
            long stepStart = stepStart();
            Command dial = dialCommand();
            return stepStart <= 0 || dial == null ? -1 : dial.startMicros() - stepStart;
        }

        /** The {@code EXEC Dial}'s start to {@code DialBegin} in microseconds: Asterisk's own Dial; -1 without. */
        synchronized long dialCommandToBeginMicros() {
            Command dial = dialCommand();
            return dialBeginMicros == 0 || dial == null ? -1 : dialBeginMicros - dial.startMicros();
        }

        /** The end of the last command before the queue step's first, or -1. */
        private long stepStart() {
            long stepStart = -1;
            for (Command c : commands) {
                if (isQueueCommand(c.text())) {
                    break;
                }
                stepStart = c.endMicros();
            }
            return stepStart;
        }

        private Command dialCommand() {
            for (Command c : commands) {
                if (isDial(c.text())) {
                    return c;
                }
            }
            // A Dial still running (the conversation goes on) has its start only.
            return isDial(pendingText) ? new Command(pendingText, pendingStart, 0) : null;
        }

        private static boolean isDial(String text) {
            return text != null && text.toUpperCase().startsWith("EXEC DIAL");
        }

        /** The commands and DialBegin in ms from the queue step's start, for reading one call's timeline. */
        synchronized String describe() {
            long stepStart = 0;
            for (Command c : commands) {
                if (isQueueCommand(c.text())) {
                    break;
                }
                stepStart = c.endMicros();
            }
            StringBuilder b = new StringBuilder();
            for (Command c : commands) {
                b.append(String.format(Locale.ROOT, "[%s %.3f..%.3f] ", verb(c.text()),
                        (c.startMicros() - stepStart) / 1000.0, (c.endMicros() - stepStart) / 1000.0));
            }
            if (dialBeginMicros > 0) {
                b.append(String.format(Locale.ROOT, "DialBegin %.3f", (dialBeginMicros - stepStart) / 1000.0));
            }
            return b.toString();
        }

        synchronized int commandCount() {
            return commands.size() + (pendingText == null ? 0 : 1);
        }

        synchronized List<String> verbs() {
            List<String> verbs = new ArrayList<>();
            commands.forEach(c -> verbs.add(verb(c.text())));
            return verbs;
        }
    }

    private final String prefix;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Watches channels whose unique id starts with {@code prefix}. */
    AgiTimeline(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void onEvent(AmiMessage event) {
        String name = event.eventName();
        if (name == null) {
            return;
        }
        String id = event.get("Uniqueid");
        if (id == null || !id.startsWith(prefix)) {
            return;
        }
        long ts = micros(event.get("Timestamp"));
        switch (name) {
            case "AGIExecStart" -> {
                Channel c = channels.computeIfAbsent(id, k -> new Channel());
                synchronized (c) {
                    c.pendingText = event.get("Command");
                    c.pendingStart = ts;
                }
            }
            case "AGIExecEnd" -> {
                Channel c = channels.computeIfAbsent(id, k -> new Channel());
                synchronized (c) {
                    String text = c.pendingText != null ? c.pendingText : event.get("Command");
                    c.commands.add(new Command(text, c.pendingStart, ts));
                    c.pendingText = null;
                }
            }
            case "DialBegin" -> {
                Channel c = channels.computeIfAbsent(id, k -> new Channel());
                synchronized (c) {
                    if (c.dialBeginMicros == 0) {
                        c.dialBeginMicros = ts;
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The channel with this unique id, or null if Asterisk reported nothing of it. */
    Channel channel(String uniqueId) {
        return channels.get(uniqueId);
    }

    /** How many times each command verb ran over these channels, in name order. */
    Map<String, Integer> verbCounts(List<String> uniqueIds) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String id : uniqueIds) {
            Channel c = channels.get(id);
            if (c != null) {
                c.verbs().forEach(v -> counts.merge(v, 1, Integer::sum));
            }
        }
        return counts;
    }

    static boolean isQueueCommand(String command) {
        String c = command == null ? "" : command.toUpperCase();
        return c.startsWith("SET MUSIC") || c.startsWith("WAIT FOR DIGIT") || c.startsWith("EXEC DIAL");
    }

    /** A command's verb: {@code STREAM FILE}, {@code EXEC Read}, {@code GET VARIABLE} ... without its arguments. */
    static String verb(String command) {
        String[] words = command == null ? new String[0] : command.trim().split("\\s+");
        if (words.length == 0) {
            return "?";
        }
        String first = words[0].toUpperCase();
        if (first.equals("EXEC")) {
            return words.length > 1 ? "EXEC " + words[1] : first;
        }
        // WAIT FOR DIGIT and GET FULL VARIABLE take three words, the other two-word verbs two.
        int n = first.equals("WAIT") || words.length > 1 && words[1].equalsIgnoreCase("FULL") ? 3
                : first.equals("ANSWER") || first.equals("HANGUP") || first.equals("NOOP") ? 1 : 2;
        StringBuilder b = new StringBuilder(first);
        for (int i = 1; i < n && i < words.length; i++) {
            b.append(' ').append(words[i].toUpperCase());
        }
        return b.toString();
    }

    /** Asterisk's {@code Timestamp: 1733040000.123456} in microseconds. */
    static long micros(String ts) {
        if (ts == null || ts.isEmpty()) {
            return 0;
        }
        int dot = ts.indexOf('.');
        String frac = dot < 0 ? "000000" : (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(dot < 0 ? ts : ts.substring(0, dot)) * 1_000_000 + Long.parseLong(frac);
    }
}
