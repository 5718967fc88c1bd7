package org.acdserver.gateway.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.WhisperPart;
import org.acdserver.yaml.YamlNode;

/**
 * Reads a queue's {@code callback} entry of {@code queues.yaml} into its {@link CallbackSettings}:
 * <pre>
 * callback:
 *   key: "9"                       # pressed while waiting
 *   callerId: '"ACME" &lt;5550000&gt;'
 *   dial: "PJSIP/{number}@trunk"   # the customer's dial string
 *   numberPattern: "[0-9]{7,15}"   # what an entered number must look like
 *   attempts: 3
 *   retrySeconds: 120
 *   ringSeconds: 30
 *   schedule: office               # a schedule of schedules.yaml: holidays and exceptions apply
 *   offer: {waitAboveSeconds: 120, noAgents: true, full: true, closed: true,
 *           prompts: [vm-press, digits/9]}
 *   timeWindow: [my-asap-or-hour]  # ask "as soon as possible (1) or at which hour (2 digits)"
 *   whisper: [calling, queue, number, data]   # what the agent hears first (default: all of it)
 *   outageRetrySeconds: 15         # longest wait between offers while the database or manager link is away
 * </pre>
 * Without {@code schedule} callbacks are placed at any time. The old inline {@code hours: {zone: ..., mon: "..."}}
 * is still read, with a warning that shows the same hours as a {@code schedules.yaml} entry: converting it by hand
 * keeps the files' comments and layout, which a rewriting command would lose.
 */
final class CallbackPolicies {

    private CallbackPolicies() {
    }

    /** The policy of queue {@code queue}, whose {@code callback} entry is {@code c}. */
    static CallbackSettings read(ConfigFile f, String queue, YamlNode.Mapping c, Map<String, Schedule> schedules,
                                 List<String> warnings) throws InvalidConfigurationException {
        String key = f.text(c, "key", "9");
        Pattern numberPattern;
        try {
            numberPattern = Pattern.compile(f.text(c, "numberPattern", "[0-9]{7,15}"));
        } catch (PatternSyntaxException e) {
            throw f.error(c.get("numberPattern"), "queue " + queue + ": callback numberPattern is not a regular"
                    + " expression: " + e.getDescription());
        }
        Schedule hours = hours(f, queue, c, schedules, warnings);
        CallbackOffer offer = offer(f, c, key);
        List<String> window = window(f, c);
        Set<WhisperPart> whisper = whisper(f, queue, c);
        try {
            return new CallbackSettings(key, f.text(c, "callerId", null), f.text(c, "dial", ""), numberPattern,
                    f.integer(c, "attempts", 3), Duration.ofSeconds(f.integer(c, "retrySeconds", 120)),
                    Duration.ofSeconds(f.integer(c, "ringSeconds", 30)), hours, offer, window, whisper,
                    Duration.ofSeconds(f.integer(c, "outageRetrySeconds",
                            (int) CallbackSettings.OUTAGE_RETRY.toSeconds())));
        } catch (IllegalArgumentException e) {
            throw f.error(c, "queue " + queue + ": " + e.getMessage());
        }
    }

    /** The named schedule, the old inline hours (with a warning), or always. */
    private static Schedule hours(ConfigFile f, String queue, YamlNode.Mapping c, Map<String, Schedule> schedules,
                                  List<String> warnings) throws InvalidConfigurationException {
        String name = f.text(c, "schedule", null);
        YamlNode.Mapping inline = f.mapping(c, "hours");
        if (name != null && inline != null) {
            throw f.error(c.keyAt("hours"), "queue " + queue + ": callback has both schedule and hours; keep"
                    + " schedule and remove hours");
        }
        if (name != null) {
            Schedule s = schedules.get(name);
            if (s == null) {
                throw f.error(c.get("schedule"), "queue " + queue + ": callback names unknown schedule '" + name
                        + "' (known: " + String.join(", ", schedules.keySet())
                        + "; schedules are declared in schedules.yaml)");
            }
            if (!s.opensEveryWeek()) {
                throw f.error(c.get("schedule"), "queue " + queue + ": schedule '" + name + "' opens on no day of"
                        + " its weekly plan, so callbacks could wait for ever");
            }
            return s;
        }
        if (inline == null) {
            return Schedule.ALWAYS;
        }
        Schedule s = inlineHours(f, queue, inline);
        warnings.add(f.where(c.keyAt("hours")) + ": queue " + queue + ": callback hours is the old inline form,"
                + " which knows no holidays; it is still read. Move it to schedules.yaml as '"
                + InlineHours.asScheduleEntry(s) + "' and write 'schedule: " + s.name()
                + "' in its place, so that holidays and exceptions apply to callbacks");
        return s;
    }

    private static Schedule inlineHours(ConfigFile f, String queue, YamlNode.Mapping h)
            throws InvalidConfigurationException {
        ZoneId zone;
        try {
            zone = ZoneId.of(f.text(h, "zone", "UTC"));
        } catch (DateTimeException e) {
            throw f.error(h.get("zone"), "queue " + queue + ": callback hours: '" + f.text(h, "zone", "")
                    + "' is not a time zone, like Europe/Berlin");
        }
        String name = queue + "-callbacks";
        Map<String, String> days = new LinkedHashMap<>();
        for (String day : h.fields().keySet()) {
            if (day.equals("zone")) {
                continue;
            }
            String ranges = ConfigFile.value(h, day) instanceof YamlNode.Sequence ? String.join(",", f.texts(h, day))
                    : f.text(h, day, "");
            try {
                // Day by day first, so that the error points at the day that is wrong.
                InlineHours.parse(name, zone, Map.of(day, ranges));
            } catch (IllegalArgumentException e) {
                throw f.error(h.keyAt(day), "queue " + queue + ": callback hours: " + e.getMessage());
            }
            days.put(day, ranges);
        }
        try {
            return InlineHours.parse(name, zone, days);
        } catch (IllegalArgumentException e) {
            throw f.error(h, "queue " + queue + ": callback hours: " + e.getMessage());
        }
    }

    private static CallbackOffer offer(ConfigFile f, YamlNode.Mapping c, String key)
            throws InvalidConfigurationException {
        YamlNode.Mapping o = f.mapping(c, "offer");
        if (o == null) {
            return CallbackOffer.KEY_ONLY;
        }
        List<String> prompts = f.texts(o, "prompts");
        try {
            return new CallbackOffer(f.integer(o, "waitAboveSeconds", 0), f.flag(o, "noAgents", false),
                    f.flag(o, "full", false), f.flag(o, "closed", false),
                    prompts.isEmpty() ? List.of("vm-press", "digits/" + key) : prompts);
        } catch (IllegalArgumentException e) {
            throw f.error(o, e.getMessage());
        }
    }

    /** {@code whisper: [calling, queue, number, data]}: the parts named, or all of them when absent. */
    private static Set<WhisperPart> whisper(ConfigFile f, String queue, YamlNode.Mapping c)
            throws InvalidConfigurationException {
        if (ConfigFile.value(c, "whisper") == null) {
            return WhisperPart.ALL;
        }
        Set<WhisperPart> parts = EnumSet.noneOf(WhisperPart.class);
        for (String name : f.texts(c, "whisper")) {
            WhisperPart part = WhisperPart.named(name);
            if (part == null) {
                throw f.error(c.get("whisper"), "queue " + queue + ": callback whisper part '" + name
                        + "' is unknown (known: " + WhisperPart.names() + ")");
            }
            parts.add(part);
        }
        return parts;
    }

    /** {@code timeWindow: true} (stock prompts) or a list of prompts; absent or false: no time window asked. */
    private static List<String> window(ConfigFile f, YamlNode.Mapping c) throws InvalidConfigurationException {
        if (ConfigFile.value(c, "timeWindow") instanceof YamlNode.Sequence) {
            return f.texts(c, "timeWindow");
        }
        // "For as soon as possible press 1, or enter the hour": record your own prompt and list it instead.
        return f.flag(c, "timeWindow", false) ? List.of("vm-press", "digits/1") : List.of();
    }
}
