package org.acdserver.gateway.callback;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import org.acdserver.flow.Schedule;

/**
 * The time window a caller keys in: {@code 1} (or nothing) for as soon as possible, or an hour {@code 00}-{@code 23}
 * for the next such hour, today or tomorrow, in the zone of the queue's callback schedule; a slot outside its hours
 * (a holiday included) moves to the next opening after it.
 */
public final class CallbackSlot {

    private CallbackSlot() {
    }

    /**
     * When the callback may first be dialed: null for as soon as possible.
     *
     * @throws IllegalArgumentException when the keys are neither {@code 1}, empty, nor an hour
     */
    public static Instant parse(String keys, Instant now, Schedule hours) {
        String k = keys == null ? "" : keys.replace("#", "").trim();
        if (k.isEmpty() || k.equals("1")) {
            return null;
        }
        if (!k.matches("[0-9]{2}") || Integer.parseInt(k) > 23) {
            throw new IllegalArgumentException("not an hour: " + k);
        }
        ZonedDateTime local = now.atZone(hours.zone());
        ZonedDateTime slot = local.with(LocalTime.of(Integer.parseInt(k), 0));
        if (!slot.toInstant().isAfter(now)) {
            slot = slot.plusDays(1);
        }
        return hours.nextOpening(slot.toInstant());
    }
}
