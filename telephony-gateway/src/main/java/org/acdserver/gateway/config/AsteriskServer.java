package org.acdserver.gateway.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Asterisk server the routing server works with: its name, its manager, and the PJSIP trunk through which the
 * other Asterisk servers reach it.
 *
 * <p>The name is the server's {@code systemname} in its {@code asterisk.conf}: Asterisk starts every unique id with it
 * ({@code pbx1-1764582115.12}), which keeps unique ids distinct across servers and tells the routing server on which
 * Asterisk a call lives. With a single server the name is only a label.
 *
 * @param name  letters, digits, {@code _} and {@code -}
 * @param ami   its manager
 * @param trunk the PJSIP endpoint, on the other servers, that reaches this one ({@code acd-<name>} by default):
 *              a caller on another server reaches an agent whose phone is here by dialing
 *              {@code PJSIP/<agent endpoint>@<trunk>}
 */
public record AsteriskServer(String name, ServerSettings.Ami ami, String trunk) {

    /** The name a single Asterisk, configured by the older {@code ami:} section alone, goes by. */
    public static final String SINGLE = "asterisk";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    public AsteriskServer {
        Objects.requireNonNull(ami, "ami");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an Asterisk server's name must be 1-40 letters, digits, _ or -, not '"
                    + name + "'");
        }
        trunk = trunk == null || trunk.isBlank() ? "acd-" + name : trunk;
        if (!NAME.matcher(trunk).matches()) {
            throw new IllegalArgumentException("Asterisk server " + name + ": trunk must be 1-40 letters, digits, _"
                    + " or -, not '" + trunk + "'");
        }
    }

    /** The one Asterisk of a server configured with the {@code ami:} section alone. */
    public static AsteriskServer single(ServerSettings.Ami ami) {
        return new AsteriskServer(SINGLE, ami, null);
    }

    @Override
    public String toString() {
        return "Asterisk[" + name + ", " + ami + "]";
    }
}
