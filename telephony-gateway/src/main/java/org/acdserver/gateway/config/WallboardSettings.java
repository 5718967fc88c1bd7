package org.acdserver.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.acdserver.yaml.YamlNode;

/**
 * How a queue's wallboard colours its figures ({@code wallboard:} of a queue in queues.yaml) and the handle time its
 * leaderboard compares agents against. A figure is {@code ok}, {@code warn} or {@code alert}: calls waiting and the
 * longest wait turn {@code warn} at or above their warn value and {@code alert} at or above their alert value; the
 * service level turns {@code warn} below its warn percentage and {@code alert} below its alert percentage.
 *
 * <pre>
 * wallboard:
 *   ahtTargetSeconds: 300
 *   waiting: {warn: 3, alert: 6}
 *   longestWaitSeconds: {warn: 20, alert: 60}
 *   serviceLevelPercent: {warn: 80, alert: 70}
 * </pre>
 *
 * @param ahtTargetSeconds the handle time agents should stay within
 * @param waiting          calls waiting: warn and alert at or above
 * @param longestWait      seconds the longest call has waited: warn and alert at or above
 * @param serviceLevel     service level today in percent: warn and alert below
 */
public record WallboardSettings(int ahtTargetSeconds, Threshold waiting, Threshold longestWait,
                                Threshold serviceLevel) {

    /** The keys a queue's {@code wallboard:} may hold; anything else is a mistake reported at its position. */
    private static final Set<String> KEYS = Set.of("ahtTargetSeconds", "waiting", "longestWaitSeconds",
            "serviceLevelPercent");

    /** A figure's two limits. */
    public record Threshold(double warn, double alert) {
    }

    /** The colour of a figure. */
    public enum Level {
        OK, WARN, ALERT;

        /** The name pages use as a CSS class. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The thresholds of a queue that sets none: derived from its service-level target. */
    public static WallboardSettings defaults(ServiceLevelTarget target) {
        return new WallboardSettings(300, new Threshold(3, 6), new Threshold(target.seconds(), 3.0 * target.seconds()),
                new Threshold(target.percent(), Math.max(0, target.percent() - 10)));
    }

    /** The colour of the number of calls waiting. */
    public Level waitingLevel(int calls) {
        return atOrAbove(calls, waiting);
    }

    /** The colour of the longest wait. */
    public Level longestWaitLevel(double seconds) {
        return atOrAbove(seconds, longestWait);
    }

    /** The colour of a service level (a fraction from 0 to 1; none yet is {@code ok}). */
    public Level serviceLevelLevel(Double fraction) {
        if (fraction == null) {
            return Level.OK;
        }
        double percent = fraction * 100;
        return percent < serviceLevel.alert() ? Level.ALERT : percent < serviceLevel.warn() ? Level.WARN : Level.OK;
    }

    private static Level atOrAbove(double value, Threshold t) {
        return value >= t.alert() ? Level.ALERT : value >= t.warn() ? Level.WARN : Level.OK;
    }

    /**
     * Reads every queue's {@code wallboard:} of queues.yaml; a queue without one gets {@link #defaults} from its
     * service level. Errors carry the file, line and column of the value that is wrong.
     */
    static Map<String, WallboardSettings> read(Path queuesFile, Map<String, ServiceLevelTarget> serviceLevels)
            throws InvalidConfigurationException {
        Map<String, WallboardSettings> out = new LinkedHashMap<>();
        if (!Files.exists(queuesFile)) {
            return out;
        }
        ConfigFile file = ConfigFile.read(queuesFile);
        List<YamlNode> queues = file.root().get("queues") instanceof YamlNode.Sequence s ? s.items() : List.of();
        for (YamlNode item : queues) {
            if (!(item instanceof YamlNode.Mapping q)) {
                continue;
            }
            String id = file.text(q, "id", "");
            WallboardSettings d = defaults(serviceLevels.getOrDefault(id, ServiceLevelTarget.DEFAULT));
            YamlNode.Mapping w = file.mapping(q, "wallboard");
            if (w == null) {
                out.put(id, d);
                continue;
            }
            for (String key : w.fields().keySet()) {
                if (!KEYS.contains(key)) {
                    throw file.error(w.keyAt(key), "queue '" + id + "': wallboard has no '" + key + "' (it takes "
                            + String.join(", ", KEYS.stream().sorted().toList()) + ")");
                }
            }
            int aht = file.integer(w, "ahtTargetSeconds", d.ahtTargetSeconds());
            if (aht < 1) {
                throw file.error(w.get("ahtTargetSeconds"), "queue '" + id
                        + "': wallboard.ahtTargetSeconds must be at least 1, not " + aht);
            }
            out.put(id, new WallboardSettings(aht, rising(file, w, "waiting", id, d.waiting()),
                    rising(file, w, "longestWaitSeconds", id, d.longestWait()),
                    falling(file, w, "serviceLevelPercent", id, d.serviceLevel())));
        }
        return out;
    }

    /** A threshold where more is worse: 0 ≤ warn ≤ alert. */
    private static Threshold rising(ConfigFile file, YamlNode.Mapping w, String key, String id, Threshold fallback)
            throws InvalidConfigurationException {
        Threshold t = threshold(file, w, key, fallback);
        if (t.warn() < 0 || t.alert() < t.warn()) {
            throw file.error(w.get(key), "queue '" + id + "': wallboard." + key + " needs 0 <= warn <= alert, not warn "
                    + fmt(t.warn()) + " and alert " + fmt(t.alert()));
        }
        return t;
    }

    /** A threshold where less is worse (a percentage): 100 ≥ warn ≥ alert ≥ 0. */
    private static Threshold falling(ConfigFile file, YamlNode.Mapping w, String key, String id, Threshold fallback)
            throws InvalidConfigurationException {
        Threshold t = threshold(file, w, key, fallback);
        if (t.warn() > 100 || t.alert() < 0 || t.alert() > t.warn()) {
            throw file.error(w.get(key), "queue '" + id + "': wallboard." + key
                    + " needs 100 >= warn >= alert >= 0, not warn " + fmt(t.warn()) + " and alert " + fmt(t.alert()));
        }
        return t;
    }

    private static Threshold threshold(ConfigFile file, YamlNode.Mapping w, String key, Threshold fallback)
            throws InvalidConfigurationException {
        YamlNode.Mapping n = file.mapping(w, key);
        if (n == null) {
            return fallback;
        }
        for (String k : n.fields().keySet()) {
            if (!k.equals("warn") && !k.equals("alert")) {
                throw file.error(n.keyAt(k), "wallboard." + key + " takes warn and alert, not '" + k + "'");
            }
        }
        return new Threshold(number(file, n, "warn", fallback.warn()), number(file, n, "alert", fallback.alert()));
    }

    private static double number(ConfigFile file, YamlNode.Mapping n, String key, double fallback)
            throws InvalidConfigurationException {
        YamlNode v = ConfigFile.value(n, key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof YamlNode.Scalar s && s.text().strip().matches("-?[0-9]{1,9}(\\.[0-9]{1,6})?")) {
            return Double.parseDouble(s.text().strip());
        }
        throw file.error(v, "'" + key + "' must be a number, not " + ConfigFile.shown(v));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
