package org.acdserver.flow;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a queue step asks of the channel: where the call waits, what it needs, and how its wait sounds.
 *
 * @param queue         the queue the call joins
 * @param priority      higher is served first
 * @param skills        skills the call needs beyond the queue's (skill to minimum proficiency)
 * @param musicClass    hold music class, or null for the server's default; {@link #NO_MUSIC} for silence
 * @param announceEvery how often the caller hears position and expected wait; {@link Duration#ZERO} for never
 * @param callbackKey   the key that asks for a callback while waiting, or "" when the queue step offers none
 * @param whisper       what the agent hears of the caller before a callback is dialed: variable name to value, in
 *                      the order the queue step lists them (for example data a look-up found)
 * @param path          the caller's way through the flow up to the queue step: the steps entered and the menu keys
 *                      chosen (for example {@code menu=1}), in order, for the agent's screen pop
 * @param display       what the agent's screen pop shows of the caller: variable name to value, in the order the
 *                      queue step lists them (for example {@code customer.name} from a look-up)
 * @param step          the flow step that queues the call ({@code step}, or {@code subflow:step}), where a caller
 *                      put back in line by a standby server goes on; "" when not known
 */
public record QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                           Duration announceEvery, String callbackKey, Map<String, String> whisper,
                           List<String> path, Map<String, String> display, String step) {

    /**
     * The queue step's {@code music} for none: the caller hears silence while waiting, while the agent's phone rings
     * and while held. Asterisk then runs no music generator for the caller, which wakes the caller's channel thread
     * 50 times a second even for a class that sends nothing.
     */
    public static final String NO_MUSIC = "none";

    /** A request with nothing to display, from the given step. */
    public QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                        Duration announceEvery, String callbackKey, Map<String, String> whisper, List<String> path,
                        String step) {
        this(queue, priority, skills, musicClass, announceEvery, callbackKey, whisper, path, Map.of(), step);
    }

    /** A request from no particular step. */
    public QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                        Duration announceEvery, String callbackKey, Map<String, String> whisper, List<String> path,
                        Map<String, String> display) {
        this(queue, priority, skills, musicClass, announceEvery, callbackKey, whisper, path, display, "");
    }

    /** A request without the caller's path, from no particular step. */
    public QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                        Duration announceEvery, String callbackKey, Map<String, String> whisper) {
        this(queue, priority, skills, musicClass, announceEvery, callbackKey, whisper, List.of(), "");
    }

    /** A request from no particular step. */
    public QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                        Duration announceEvery, String callbackKey, Map<String, String> whisper,
                        List<String> path) {
        this(queue, priority, skills, musicClass, announceEvery, callbackKey, whisper, path, "");
    }

    /** A request with nothing to whisper. */
    public QueueRequest(String queue, int priority, Map<String, Integer> skills, String musicClass,
                        Duration announceEvery, String callbackKey) {
        this(queue, priority, skills, musicClass, announceEvery, callbackKey, Map.of(), List.of());
    }

    public QueueRequest {
        skills = Map.copyOf(skills);
        // Ordered, as the step lists them, and unmodifiable.
        whisper = whisper == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(whisper));
        announceEvery = announceEvery == null ? Duration.ZERO : announceEvery;
        callbackKey = callbackKey == null ? "" : callbackKey;
        path = path == null ? List.of() : List.copyOf(path);
        display = display == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(display));
        step = step == null ? "" : step;
    }

    /** The same request for another queue (a call transferred there keeps its priority, skills and the rest). */
    public QueueRequest toQueue(String other) {
        return new QueueRequest(other, priority, skills, musicClass, announceEvery, callbackKey, whisper, path, display,
                step);
    }

    /** A plain wait: default music, no announcements, no callback key. */
    public static QueueRequest of(String queue, int priority, Map<String, Integer> skills) {
        return new QueueRequest(queue, priority, skills, null, Duration.ZERO, "");
    }
}
