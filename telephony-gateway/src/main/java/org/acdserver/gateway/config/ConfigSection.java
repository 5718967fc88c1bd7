package org.acdserver.gateway.config;

import java.util.Locale;

/**
 * A part of the configuration the REST API edits item by item: which file holds it ({@code acd.yaml}'s key naming the
 * file), under which top-level key, and how its items are written: a list of mappings with an {@code id}
 * ({@code queues}, {@code agents}), or a mapping from each item's name to its value ({@code schedules}, and
 * {@code skills}, whose values are one line of text, shown as {@code description}).
 */
public enum ConfigSection {
    SKILLS("skills", false, "description"),
    SCHEDULES("schedules", false, null),
    QUEUES("queues", true, null),
    AGENTS("agents", true, null);

    private final String key;
    private final boolean list;
    private final String scalarField;

    ConfigSection(String key, boolean list, String scalarField) {
        this.key = key;
        this.list = list;
        this.scalarField = scalarField;
    }

    /** The top-level key in its file, the key of {@code acd.yaml} naming the file, and the API's path segment. */
    public String key() {
        return key;
    }

    /** Whether items are a list of mappings with an {@code id}, rather than a mapping by name. */
    public boolean list() {
        return list;
    }

    /** For a mapping of names to one line of text: the field the text is shown as; null otherwise. */
    public String scalarField() {
        return scalarField;
    }

    /** The singular noun for messages and audit actions ({@code queue}, {@code agent}, ...). */
    public String noun() {
        return key.substring(0, key.length() - 1).toLowerCase(Locale.ROOT);
    }
}
