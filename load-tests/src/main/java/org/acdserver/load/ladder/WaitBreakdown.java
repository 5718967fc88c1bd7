package org.acdserver.load.ladder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.acdserver.gateway.store.InteractionRecord;

/**
 * Where a server-side caller's queue wait went, from the interaction record (the server's clock) and Asterisk's own
 * events (its clock; both run on this machine): from entering the queue to the agent's {@code DialBegin} (routing, and
 * the {@code Dial} written into the caller's hold), from {@code DialBegin} to the answer's {@code DialEnd} (the agent's
 * leg in Asterisk), and from that {@code DialEnd} to the answer the server recorded (the manager link's delivery).
 * The record's wait is the sum of the three. With {@code --timeline}, also the wait on Asterisk's clock alone, from
 * the end of the command before the queue step to {@code DialEnd}: like native's {@code QueueCallerJoin} to
 * {@code DialEnd}, it is free of the delay with which an overloaded Asterisk stamps its manager events.
 */
final class WaitBreakdown {

    /** One answered caller's three parts, in milliseconds. */
    record Part(String number, double toDial, double ring, double managerLag, double recorded, double asterisk,
                String timeline) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();

    /** Adds an answered caller whose record and events are complete; others are skipped. */
    void add(String number, InteractionRecord record, LadderWatch.Caller caller) {
        if (record == null || record.enqueuedAt() == null || record.answeredAt() == null || caller == null
                || caller.dialBeginMicros == 0 || caller.answeredMicros == 0) {
            return;
        }
        double enqueued = micros(record.enqueuedAt()) / 1000.0;
        double answered = micros(record.answeredAt()) / 1000.0;
        parts.add(new Part(number, caller.dialBeginMicros / 1000.0 - enqueued,
                (caller.answeredMicros - caller.dialBeginMicros) / 1000.0, answered - caller.answeredMicros / 1000.0,
                answered - enqueued, caller.queueStepMicros() == 0 ? Double.NaN
                        : (caller.answeredMicros - caller.queueStepMicros()) / 1000.0,
                caller.timeline(micros(record.enqueuedAt()))));
    }

    /** A caller who reached no queue: what its record says of where its flow ended ("no record" without one). */
    void lost(String number, InteractionRecord record, LadderWatch.Caller caller) {
        lost.add(number + ":" + (record == null ? "no-record"
                : record.outcome() + "@" + record.lastStep() + "[" + String.join(">", record.ivrPath()) + "]")
                + (caller == null || record == null ? "" : " {" + caller.timeline(micros(record.startedAt())) + "}"));
    }

    /** Median, p90 and maximum of each part, then the five slowest callers' parts. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!parts.isEmpty()) {
            out.add(String.format(Locale.ROOT, "  wait parts ms over %d answered: enqueue->DialBegin %s | "
                            + "DialBegin->DialEnd %s | DialEnd->server's answer %s | recorded wait %s | "
                            + "on Asterisk's clock, queue step start->DialEnd %s",
                    parts.size(), spread(Part::toDial), spread(Part::ring), spread(Part::managerLag),
                    spread(Part::recorded), spread(Part::asterisk)));
            parts.stream().sorted(Comparator.comparingDouble(Part::recorded).reversed()).limit(5)
                    .forEach(p -> out.add(String.format(Locale.ROOT, "  slow %s: %.1f + %.1f + %.1f = %.1f ms {%s}",
                            p.number(), p.toDial(), p.ring(), p.managerLag(), p.recorded(), p.timeline())));
        }
        if (!lost.isEmpty()) {
            lost.stream().limit(8).forEach(l -> out.add("  no queue " + l));
        }
        return out;
    }

    private String spread(ToDoubleFunction<Part> f) {
        double[] v = parts.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f/%.1f/%.1f", v[v.length / 2], v[(int) Math.ceil(0.9 * v.length) - 1],
                v[v.length - 1]);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
