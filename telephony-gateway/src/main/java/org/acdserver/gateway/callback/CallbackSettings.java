package org.acdserver.gateway.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.acdserver.flow.Schedule;

/**
 * A queue's callback policy, from its {@code callback} entry in queues.yaml.
 *
 * @param key           the key a waiting caller presses to ask for a callback (used when the flow's queue step names
 *                      none)
 * @param callerId      the caller id the customer sees, for example {@code "ACME" <5550000>}
 * @param dial          the customer's dial string with {@code {number}} in it, for example
 *                      {@code PJSIP/{number}@trunk}
 * @param numberPattern what an entered (or the caller's own) number must match to be called
 * @param attempts      how many times the customer is dialed before the callback fails
 * @param retrySpacing  the time between two attempts
 * @param customerRing  how long the customer's phone rings
 * @param hours         when callbacks may be placed: a schedule of schedules.yaml, holidays and exceptions
 *                      included; {@link Schedule#ALWAYS} without one
 * @param offer         when callers are offered a callback as they enter the queue
 * @param windowPrompts asked after the number, when not empty: "press 1 for as soon as possible, or key in the hour
 *                      you want to be called at" (see {@link CallbackSlot})
 * @param whisper       what the agent hears before the customer is dialed, always played in the order of
 *                      {@link WhisperPart}
 * @param outageRetry   the longest wait before a callback whose dial could not start (database or manager link
 *                      away) is offered again; the wait starts at 1 s and doubles up to this
 */
public record CallbackSettings(String key, String callerId, String dial, Pattern numberPattern, int attempts,
                               Duration retrySpacing, Duration customerRing, Schedule hours,
                               CallbackOffer offer, List<String> windowPrompts, Set<WhisperPart> whisper,
                               Duration outageRetry) {

    /** The longest wait between offers of a callback during an outage, unless the queue sets its own. */
    public static final Duration OUTAGE_RETRY = Duration.ofSeconds(15);

    /** Settings that wait at most {@link #OUTAGE_RETRY} between offers during an outage. */
    public CallbackSettings(String key, String callerId, String dial, Pattern numberPattern, int attempts,
                            Duration retrySpacing, Duration customerRing, Schedule hours, CallbackOffer offer,
                            List<String> windowPrompts, Set<WhisperPart> whisper) {
        this(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours, offer, windowPrompts,
                whisper, OUTAGE_RETRY);
    }

    /** Settings whose agents hear the whole whisper. */
    public CallbackSettings(String key, String callerId, String dial, Pattern numberPattern, int attempts,
                            Duration retrySpacing, Duration customerRing, Schedule hours, CallbackOffer offer,
                            List<String> windowPrompts) {
        this(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours, offer, windowPrompts,
                WhisperPart.ALL);
    }

    /** Settings without the choice of a time window. */
    public CallbackSettings(String key, String callerId, String dial, Pattern numberPattern, int attempts,
                            Duration retrySpacing, Duration customerRing, Schedule hours, CallbackOffer offer) {
        this(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours, offer,
                List.of());
    }

    /** Settings where only the key asks for a callback. */
    public CallbackSettings(String key, String callerId, String dial, Pattern numberPattern, int attempts,
                            Duration retrySpacing, Duration customerRing, Schedule hours) {
        this(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours, CallbackOffer.KEY_ONLY);
    }

    /** Numbers only ever hold these, whatever the pattern says: they become part of a Dial command. */
    private static final Pattern DIALABLE = Pattern.compile("\\+?[0-9]{1,20}");

    public CallbackSettings {
        Objects.requireNonNull(dial, "dial");
        Objects.requireNonNull(numberPattern, "numberPattern");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(outageRetry, "outageRetry");
        windowPrompts = List.copyOf(windowPrompts);
        whisper = Set.copyOf(whisper);
        if (key == null || !key.matches("[0-9*#]")) {
            throw new IllegalArgumentException("callback key must be one of 0-9, * or #, not '" + key + "'");
        }
        if (!dial.contains("{number}") || !dial.matches("[A-Za-z0-9_/@.:+{}-]+")) {
            throw new IllegalArgumentException("callback dial '" + dial
                    + "' must hold {number} and only letters, digits and _ / @ . : + -");
        }
        if (callerId != null && callerId.matches(".*[\\r\\n].*")) {
            throw new IllegalArgumentException("callback callerId must be one line");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("callback attempts must be at least 1, not " + attempts);
        }
        if (retrySpacing.isNegative() || customerRing.toSeconds() < 1) {
            throw new IllegalArgumentException("callback retrySeconds must not be negative and ringSeconds must be"
                    + " at least 1");
        }
        if (outageRetry.toSeconds() < 1) {
            throw new IllegalArgumentException("callback outageRetrySeconds must be at least 1, not "
                    + outageRetry.toSeconds());
        }
    }

    /**
     * When a callback asked for at {@code at} (or for the hour a caller keyed in) may first be dialed: {@code at}
     * itself when the hours are open then, otherwise their next opening.
     */
    public Instant firstDial(Instant at) {
        return hours.nextOpening(at);
    }

    /** When the attempt after one that failed at {@code failedAt} is dialed: the spacing later, within the hours. */
    public Instant nextAttempt(Instant failedAt) {
        return hours.nextOpening(failedAt.plus(retrySpacing));
    }

    /** Whether the number may be called: it matches the pattern and is plain digits. */
    public boolean accepts(String number) {
        return number != null && DIALABLE.matcher(number).matches() && numberPattern.matcher(number).matches();
    }

    /** The dial string for a number that {@link #accepts} it. */
    public String dialString(String number) {
        if (!accepts(number)) {
            throw new IllegalArgumentException("not a number to call: " + number);
        }
        return dial.replace("{number}", number);
    }

    /** The same settings with another whisper. */
    public CallbackSettings withWhisper(Set<WhisperPart> parts) {
        return new CallbackSettings(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours,
                offer, windowPrompts, parts, outageRetry);
    }

    /** The same settings with another longest wait between offers during an outage. */
    public CallbackSettings withOutageRetry(Duration longest) {
        return new CallbackSettings(key, callerId, dial, numberPattern, attempts, retrySpacing, customerRing, hours,
                offer, windowPrompts, whisper, longest);
    }
}
