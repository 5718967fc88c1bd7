package org.acdserver.gateway.config;

import io.netty.util.NetUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.acdserver.gateway.auth.AuthSettings;
import org.acdserver.yaml.YamlNode;

/**
 * Reads acd.yaml's {@code auth} section and {@code agi.allow} into start-up settings, with file:line:column on every
 * error. The first admin comes from the environment ({@code ACD_ADMIN_USER}, {@code ACD_ADMIN_PASSWORD}), never
 * from a file.
 */
final class SecuritySettingsReader {

    private static final Set<String> AUTH_KEYS = Set.of("localTokenFile", "bcryptCost", "sessionIdleMinutes",
            "sessionHours", "tokenDays", "maxTokenDays", "secureCookies", "loginThrottle");
    private static final Set<String> THROTTLE_KEYS = Set.of("userFailures", "addressFailures", "windowMinutes",
            "lockoutSeconds", "maxLockoutMinutes");
    /** The local token file's name in the server's data directory, when acd.yaml names no file. */
    static final String LOCAL_TOKEN_FILE = "admin.token";

    private SecuritySettingsReader() {
    }

    /**
     * The {@code auth} section. The local token file is resolved against the configuration directory; without one
     * it is {@value #LOCAL_TOKEN_FILE} in the server's data directory, and an empty one turns it off.
     */
    static AuthSettings auth(ConfigFile f, Path directory, Path dataDirectory, UnaryOperator<String> environment)
            throws InvalidConfigurationException {
        YamlNode.Mapping auth = f.section(f.root(), "auth");
        known(f, auth, AUTH_KEYS, "auth");
        YamlNode.Mapping t = f.section(auth, "loginThrottle");
        known(f, t, THROTTLE_KEYS, "auth.loginThrottle");
        AuthSettings d = AuthSettings.DEFAULTS;
        AuthSettings.Throttle dt = AuthSettings.Throttle.DEFAULTS;
        String tokenFile = f.text(auth, "localTokenFile", null);
        Path localToken = tokenFile == null ? dataDirectory.resolve(LOCAL_TOKEN_FILE)
                : tokenFile.isBlank() ? null : directory.resolve(tokenFile).toAbsolutePath().normalize();
        String user = environment.apply("ACD_ADMIN_USER");
        String password = environment.apply("ACD_ADMIN_PASSWORD");
        if (user != null && !user.isBlank() && (password == null || password.isEmpty())) {
            throw new InvalidConfigurationException("ACD_ADMIN_USER is set without ACD_ADMIN_PASSWORD");
        }
        try {
            return new AuthSettings(localToken,
                    positive(f, auth, "bcryptCost", d.bcryptCost()),
                    Duration.ofMinutes(positive(f, auth, "sessionIdleMinutes", (int) d.sessionIdle().toMinutes())),
                    Duration.ofHours(positive(f, auth, "sessionHours", (int) d.sessionMaxAge().toHours())),
                    Duration.ofDays(positive(f, auth, "tokenDays", (int) d.tokenLifetime().toDays())),
                    Duration.ofDays(positive(f, auth, "maxTokenDays", (int) d.maxTokenLifetime().toDays())),
                    f.flag(auth, "secureCookies", d.secureCookies()),
                    new AuthSettings.Throttle(positive(f, t, "userFailures", dt.userFailures()),
                            positive(f, t, "addressFailures", dt.addressFailures()),
                            Duration.ofMinutes(positive(f, t, "windowMinutes", (int) dt.window().toMinutes())),
                            Duration.ofSeconds(positive(f, t, "lockoutSeconds", (int) dt.firstLockout().toSeconds())),
                            Duration.ofMinutes(positive(f, t, "maxLockoutMinutes",
                                    (int) dt.maxLockout().toMinutes()))),
                    user == null || user.isBlank() ? null : new AuthSettings.FirstAdmin(user.strip(), password));
        } catch (IllegalArgumentException e) {
            throw f.error(f.root().keyAt("auth"), e.getMessage());
        }
    }

    /**
     * {@code agi.allow}: addresses or CIDR blocks FastAGI connections are accepted from; loopback when absent. Host
     * names are refused: an allowlist must not depend on a name lookup.
     */
    static List<String> agiAllow(ConfigFile f) throws InvalidConfigurationException {
        YamlNode.Mapping agi = f.section(f.root(), "agi");
        if (ConfigFile.value(agi, "allow") == null) {
            return ServerSettings.LOOPBACK;
        }
        List<String> allow = new ArrayList<>();
        for (YamlNode item : f.items(agi, "allow")) {
            String text = item instanceof YamlNode.Scalar s && s.text() != null ? s.text().strip() : "";
            if (!isAddressOrBlock(text)) {
                throw f.error(item, "agi.allow: '" + text + "' is not an IP address or CIDR block (like"
                        + " 127.0.0.1, ::1 or 10.1.2.0/24)");
            }
            allow.add(text);
        }
        if (allow.isEmpty()) {
            throw f.error(agi.get("allow"), "agi.allow is empty: no Asterisk could connect");
        }
        return allow;
    }

    /** Whether text is an IP literal, optionally with a prefix length that fits it. */
    static boolean isAddressOrBlock(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,3}")) {
            return false;
        }
        int bits = Integer.parseInt(prefix);
        return bits <= bytes.length * 8;
    }

    private static int positive(ConfigFile f, YamlNode.Mapping m, String key, int fallback)
            throws InvalidConfigurationException {
        int n = f.integer(m, key, fallback);
        if (n < 1) {
            throw f.error(m.get(key), "'" + key + "' must be at least 1, not " + n);
        }
        return n;
    }

    private static void known(ConfigFile f, YamlNode.Mapping m, Set<String> keys, String section)
            throws InvalidConfigurationException {
        for (String key : m.fields().keySet()) {
            if (!keys.contains(key)) {
                throw f.error(m.keyAt(key), section + ": unknown setting '" + key + "' (known: "
                        + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }
}
