package org.acdserver.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.acdserver.flow.NamedQuery;
import org.acdserver.flow.Schedule;

/**
 * What flows use beyond their own files: named opening hours, named queries, and the directories their sound files
 * are checked against.
 *
 * @param schedules  opening hours by name ({@code schedules.yaml})
 * @param queries    look-up queries by name ({@code queries.yaml})
 * @param soundDirs  sound directories; empty means prompts are not checked
 */
public record FlowResources(Map<String, Schedule> schedules, Map<String, NamedQuery> queries, List<Path> soundDirs) {

    /** Nothing: no schedules, no queries, no sound check. */
    public static final FlowResources NONE = new FlowResources(Map.of(), Map.of(), List.of());

    public FlowResources {
        schedules = Map.copyOf(schedules);
        queries = Map.copyOf(queries);
        soundDirs = List.copyOf(soundDirs);
    }
}
