package org.acdserver.load.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * What happened to every call the chaos run placed, as Asterisk itself reports it to a manager user that sees every
 * event: the caller's channel appeared ({@code Newchannel}), was bridged to an agent ({@code DialEnd} ANSWER from the
 * caller's channel), reached {@code acd-fallback} ({@code UserEvent AcdFallback}), heard a callback confirmed
 * ({@code AGIExecStart} of {@code auth-thankyou}), or hung up. It also counts every dial of a callback's customer
 * ({@code DialBegin} to {@code sim-customer}) and every such dial answered, per number. Called on the manager
 * client's event loop: it only updates concurrent maps.
 */
final class CallLedger implements AmiListener {

    /** One placed call, by the unique id of the channel the server sees as the caller. */
    static final class Trace {
        final String id;
        final String phase;
        final boolean wantsCallback;
        final String number;
        final long placedAt;
        volatile long offeredAt;
        volatile long answeredAt;
        volatile long fallbackAt;
        volatile long callbackConfirmedAt;
        volatile long endedAt;
        volatile boolean refused;

        Trace(String id, String phase, boolean wantsCallback, String number, long placedAt) {
            this.id = id;
            this.phase = phase;
            this.wantsCallback = wantsCallback;
            this.number = number;
            this.placedAt = placedAt;
        }

        boolean offered() {
            return offeredAt != 0;
        }

        boolean answered() {
            return answeredAt != 0;
        }

        boolean toFallback() {
            return !answered() && fallbackAt != 0;
        }

        boolean callbackConfirmed() {
            return !answered() && fallbackAt == 0 && callbackConfirmedAt != 0;
        }

        /** Offered, and neither put through to an agent, nor handed to the fallback, nor promised a callback. */
        boolean lost() {
            return offered() && !answered() && fallbackAt == 0 && callbackConfirmedAt == 0;
        }
    }

    private final Map<String, Trace> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> customerDials = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> customerAnswers = new ConcurrentHashMap<>();
    private volatile long lastDisconnectAt;

    /** Notes a call about to be placed; {@code id} is the caller channel's unique id. */
    Trace placed(String id, String phase, boolean wantsCallback, String number) {
        Trace t = new Trace(id, phase, wantsCallback, number, System.nanoTime());
        calls.put(id, t);
        return t;
    }

    List<Trace> phase(String phase) {
        List<Trace> out = new ArrayList<>();
        for (Trace t : calls.values()) {
            if (t.phase.equals(phase)) {
                out.add(t);
            }
        }
        return out;
    }

    List<Trace> all() {
        return new ArrayList<>(calls.values());
    }

    /** Dials of the customer at {@code number} that Asterisk began. */
    int customerDials(String number) {
        AtomicInteger n = customerDials.get(number);
        return n == null ? 0 : n.get();
    }

    /** Dials of the customer at {@code number} that the customer answered. */
    int customerAnswers(String number) {
        AtomicInteger n = customerAnswers.get(number);
        return n == null ? 0 : n.get();
    }

    /**
     * Whether nothing more will be heard of a call: it hung up, or it was placed before the run's own manager
     * connection last dropped (Asterisk restarted, and the call with it), or it was refused, or it never came up.
     */
    boolean settled(Trace t, long now) {
        if (t.endedAt != 0 || t.refused || t.placedAt < lastDisconnectAt) {
            return true;
        }
        return !t.offered() && now - t.placedAt > 30_000_000_000L;
    }

    @Override
    public void onDisconnected(Throwable cause) {
        lastDisconnectAt = System.nanoTime();
    }

    @Override
    public void onEvent(AmiMessage e) {
        String name = e.eventName();
        if (name == null) {
            return;
        }
        long now = System.nanoTime();
        switch (name) {
            case "Newchannel" -> on(e.get("Uniqueid"), t -> {
                if (t.offeredAt == 0) {
                    t.offeredAt = now;
                }
            });
            case "DialBegin" -> {
                String customer = customer(e.get("DestChannel"));
                if (customer != null) {
                    customerDials.computeIfAbsent(customer, k -> new AtomicInteger()).incrementAndGet();
                }
            }
            case "DialEnd" -> {
                if (!"ANSWER".equals(e.get("DialStatus"))) {
                    return;
                }
                String customer = customer(e.get("DestChannel"));
                if (customer != null) {
                    customerAnswers.computeIfAbsent(customer, k -> new AtomicInteger()).incrementAndGet();
                } else {
                    on(e.get("Uniqueid"), t -> {
                        if (t.answeredAt == 0) {
                            t.answeredAt = now;
                        }
                    });
                }
            }
            case "UserEvent" -> {
                if ("AcdFallback".equals(e.get("UserEvent"))) {
                    on(e.get("Uniqueid"), t -> t.fallbackAt = now);
                }
            }
            case "AGIExecStart" -> {
                String command = e.get("Command");
                if (command != null && command.startsWith("STREAM FILE auth-thankyou")) {
                    on(e.get("Uniqueid"), t -> t.callbackConfirmedAt = now);
                }
            }
            case "Hangup" -> on(e.get("Uniqueid"), t -> t.endedAt = now);
            default -> {
                // Not an event the ledger counts.
            }
        }
    }

    private void on(String uniqueId, Consumer<Trace> update) {
        if (uniqueId == null) {
            return;
        }
        Trace t = calls.get(uniqueId);
        if (t != null) {
            update.accept(t);
        }
    }

    /** The number in {@code Local/<number>@sim-customer-...}, or null for any other channel. */
    private static String customer(String channel) {
        if (channel == null || !channel.startsWith("Local/") || !channel.contains("@sim-customer")) {
            return null;
        }
        return channel.substring("Local/".length(), channel.indexOf('@'));
    }
}
