package org.acdserver.load.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * What Asterisk reports of the SIP callers, by caller number, from a manager connection that reads the {@code call}
 * and {@code agent} classes: the app_queue queue a native caller joined ({@code QueueCallerJoin}) and when, and when
 * the first agent dial began ({@code DialBegin}), when the caller was put through to an agent ({@code DialEnd} with
 * {@code ANSWER} from the caller's channel, which both the server's {@code Dial} and app_queue emit), when the
 * caller's channel first left a bridge ({@code BridgeLeave}: the agent hung up) and when it ended ({@code Hangup}).
 * Times are Asterisk's ({@code timestampevents = yes}).
 */
final class LadderWatch implements AmiListener {

    private static final String CALLER_CHANNEL = "PJSIP/sim-callers-";

    /** One caller as Asterisk saw it; times in microseconds, 0 for "not seen". */
    static final class Caller {
        volatile String queue;
        volatile long joinedMicros;
        volatile long dialBeginMicros;
        volatile long answeredMicros;
        volatile long leftBridgeMicros;
        volatile long hangupMicros;
        /** With {@code agi} read too: each AGI command's verb and Asterisk's start and end times. */
        final List<String> commands = new ArrayList<>();
        private long commandStart;

        /**
         * How long the caller's line lasted after the agent hung up, in ms: what each side plays before it hangs up
         * (both play the flow's goodbye); -1 when either end was not seen.
         */
        double afterAgentMillis() {
            long left = leftBridgeMicros;
            long end = hangupMicros;
            return left == 0 || end == 0 ? -1 : (end - left) / 1000.0;
        }

        /**
         * Asterisk's time of the queue step's start: the end of the last command before the agent's {@code Dial}
         * that is no part of the hold ({@code SET MUSIC}, {@code WAIT FOR DIGIT}); 0 when unknown.
         */
        synchronized long queueStepMicros() {
            long start = 0;
            for (String c : commands) {
                String[] p = c.split(" ");
                if (p[0].equals("Dial")) {
                    return start;
                }
                if (!p[0].equals("SET") && !p[0].equals("WAIT")) {
                    start = Long.parseLong(p[2]);
                }
            }
            return 0;
        }

        /** The commands as {@code VERB start..end} in ms from {@code originMicros}. */
        synchronized String timeline(long originMicros) {
            StringBuilder b = new StringBuilder();
            commands.forEach(c -> {
                String[] p = c.split(" ");
                b.append(String.format(Locale.ROOT, "%s %.0f..%.0f ", p[0],
                        (Long.parseLong(p[1]) - originMicros) / 1000.0,
                        (Long.parseLong(p[2]) - originMicros) / 1000.0));
            });
            return b.toString().trim();
        }
    }

    private final Map<String, Caller> callers = new ConcurrentHashMap<>();

    @Override
    public void onEvent(AmiMessage event) {
        String name = event.eventName();
        if (name == null) {
            return;
        }
        String channel = event.get("Channel");
        String number = event.get("CallerIDNum");
        if (channel == null || number == null || !channel.startsWith(CALLER_CHANNEL)) {
            return;
        }
        switch (name) {
            case "AGIExecStart" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                synchronized (c) {
                    c.commandStart = micros(event.get("Timestamp"));
                }
            }
            case "AGIExecEnd" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                String command = event.get("Command");
                String verb = command == null ? "?" : command.startsWith("EXEC ")
                        ? command.split(" ")[1] : command.split(" ")[0];
                synchronized (c) {
                    c.commands.add(verb + " " + c.commandStart + " " + micros(event.get("Timestamp")));
                }
            }
            case "QueueCallerJoin" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                c.queue = event.get("Queue");
                c.joinedMicros = micros(event.get("Timestamp"));
            }
            case "DialBegin" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                if (c.dialBeginMicros == 0) {
                    c.dialBeginMicros = micros(event.get("Timestamp"));
                }
            }
            case "DialEnd" -> {
                if ("ANSWER".equals(event.get("DialStatus"))) {
                    Caller c = callers.computeIfAbsent(number, k -> new Caller());
                    if (c.answeredMicros == 0) {
                        c.answeredMicros = micros(event.get("Timestamp"));
                    }
                }
            }
            case "BridgeLeave" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                if (c.leftBridgeMicros == 0) {
                    c.leftBridgeMicros = micros(event.get("Timestamp"));
                }
            }
            case "Hangup" -> callers.computeIfAbsent(number, k -> new Caller()).hangupMicros =
                    micros(event.get("Timestamp"));
            default -> {
            }
        }
    }

    /** The caller with this number, or null if Asterisk reported neither a queue join nor an answer. */
    Caller caller(String number) {
        return callers.get(number);
    }

    /** Asterisk's {@code Timestamp: 1733040000.123456} in microseconds, 0 when missing. */
    static long micros(String ts) {
        if (ts == null || ts.isEmpty()) {
            return 0;
        }
        int dot = ts.indexOf('.');
        String frac = dot < 0 ? "000000" : (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(dot < 0 ? ts : ts.substring(0, dot)) * 1_000_000 + Long.parseLong(frac);
    }
}
