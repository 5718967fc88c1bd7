package org.acdserver.gateway.spy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a supervisor is on an agent's call: listening only, whispering to the agent, or barging (talking to both). Each
 * maps to ChanSpy's options, always with {@code q} (no beep or name announced to the supervisor), {@code E} (leave
 * when the spied call ends) and {@code d} (the supervisor's DTMF 4, 5, 6 switches to listen, whisper, barge), and to
 * the digit that switches to it.
 */
public enum SpyMode {
    LISTEN("qEd", '4'), WHISPER("qwEd", '5'), BARGE("qBEd", '6');

    private final String options;
    private final char digit;

    SpyMode(String options, char digit) {
        this.options = options;
        this.digit = digit;
    }

    /** ChanSpy's options for this mode. */
    public String options() {
        return options;
    }

    /** The DTMF digit that switches a running ChanSpy (started with {@code d}) to this mode. */
    public char digit() {
        return digit;
    }

    /** {@code listen}, {@code whisper} or {@code barge}: the API's and the database's name. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of a wire name.
     *
     * @throws IllegalArgumentException naming the known modes
     */
    public static SpyMode parse(String name) {
        for (SpyMode m : values()) {
            if (m.wireName().equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown spy mode '" + name + "' (known: "
                + Arrays.stream(values()).map(SpyMode::wireName).collect(Collectors.joining(", ")) + ")");
    }

    /** The mode ChanSpy's options ask for, as Asterisk shows them in the application data. */
    public static SpyMode ofOptions(String options) {
        return options.contains("B") ? BARGE : options.contains("w") ? WHISPER : LISTEN;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
