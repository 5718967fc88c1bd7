package org.acdserver.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * Collects, per caller channel, Asterisk's time of the agent leg's answer ({@code DialEnd} with {@code ANSWER}) and of
 * the caller entering the bridge ({@code BridgeEnter}); the difference is the answer-to-bridge latency.
 */
final class BridgeTimes implements AmiListener {
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(AmiMessage event) {
        String id = event.get("Uniqueid");
        if (id == null || !id.startsWith("ld-")) {
            return;
        }
        long ts = micros(event.get("Timestamp"));
        if ("DialEnd".equals(event.eventName()) && "ANSWER".equals(event.get("DialStatus"))) {
            answered.put(id, ts);
        } else if ("BridgeEnter".equals(event.eventName())) {
            Long a = answered.remove(id);
            if (a != null && ts >= a) {
                micros.add(ts - a);
            }
        }
    }

    /** The latencies seen so far in milliseconds, sorted. */
    List<Double> millis() {
        synchronized (micros) {
            return micros.stream().sorted().map(m -> m / 1000.0).toList();
        }
    }

    private static long micros(String ts) {
        if (ts == null) {
            return 0;
        }
        int dot = ts.indexOf('.');
        String frac = dot < 0 ? "000000" : (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(dot < 0 ? ts : ts.substring(0, dot)) * 1_000_000 + Long.parseLong(frac);
    }
}
