package org.acdserver.gateway.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.acdserver.yaml.YamlNode;

/**
 * How measures are reported ({@code kpi:} in {@code acd.yaml}): the time zone whose hours and days reports add
 * quarter hours up into, and the first-contact-resolution window (a contact counts as resolved the first time when
 * the same caller number does not call again within it). The service-level time and the short-abandon threshold
 * are per queue (see {@link ServiceLevelTarget}).
 *
 * @param timeZone  where interval reports' hours and days begin
 * @param fcrWindow how long after a contact a call from the same number makes it a repeat
 */
public record KpiSettings(ZoneId timeZone, Duration fcrWindow) {

    /** UTC, and 72 hours. */
    public static final KpiSettings DEFAULT = new KpiSettings(ZoneId.of("UTC"), Duration.ofHours(72));

    public KpiSettings {
        Objects.requireNonNull(timeZone, "timeZone");
        if (fcrWindow.isNegative() || fcrWindow.isZero()) {
            throw new IllegalArgumentException("the FCR window must be positive, not " + fcrWindow);
        }
    }

    /** Reads {@code kpi: {timeZone: Europe/Berlin, fcrWindowHours: 72}}; what is absent keeps its default. */
    static KpiSettings read(ConfigFile f) throws InvalidConfigurationException {
        YamlNode.Mapping n = f.mapping(f.root(), "kpi");
        if (n == null) {
            return DEFAULT;
        }
        ZoneId zone;
        String text = f.text(n, "timeZone", DEFAULT.timeZone().getId());
        try {
            zone = ZoneId.of(text);
        } catch (DateTimeException e) {
            throw f.error(n.get("timeZone"), "kpi.timeZone '" + text + "' is not a time zone (for example"
                    + " Europe/Berlin or UTC)");
        }
        int hours = f.integer(n, "fcrWindowHours", (int) DEFAULT.fcrWindow().toHours());
        if (hours < 1) {
            throw f.error(n.get("fcrWindowHours"), "kpi.fcrWindowHours must be at least 1, not " + hours);
        }
        return new KpiSettings(zone, Duration.ofHours(hours));
    }
}
