package org.acdserver.load.ladder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * What Asterisk reports of the SIP callers, by caller number, from a manager connection that reads the {@code call}
 * and {@code agent} classes: the app_queue queue a native caller joined ({@code QueueCallerJoin}) and when, and when
 * the caller was put through to an agent ({@code DialEnd} with {@code ANSWER} from the caller's channel, which both
 * the server's {@code Dial} and app_queue emit). Times are Asterisk's ({@code timestampevents = yes}).
 */
final class LadderWatch implements AmiListener {

    private static final String CALLER_CHANNEL = "PJSIP/sim-callers-";

    /** One caller as Asterisk saw it; times in microseconds, 0 for "not seen". */
    static final class Caller {
        volatile String queue;
        volatile long joinedMicros;
        volatile long answeredMicros;
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
            case "QueueCallerJoin" -> {
                Caller c = callers.computeIfAbsent(number, k -> new Caller());
                c.queue = event.get("Queue");
                c.joinedMicros = micros(event.get("Timestamp"));
            }
            case "DialEnd" -> {
                if ("ANSWER".equals(event.get("DialStatus"))) {
                    Caller c = callers.computeIfAbsent(number, k -> new Caller());
                    if (c.answeredMicros == 0) {
                        c.answeredMicros = micros(event.get("Timestamp"));
                    }
                }
            }
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
