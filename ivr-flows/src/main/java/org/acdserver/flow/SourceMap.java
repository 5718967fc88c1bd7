package org.acdserver.flow;

import java.util.Map;
import org.acdserver.yaml.Position;

/** Where each step (key {@code id}) and each of its fields (key {@code id.field}) is written in its file. */
public record SourceMap(Map<String, Position> positions) {

    /** No positions known. */
    public static final SourceMap EMPTY = new SourceMap(Map.of());

    public SourceMap {
        positions = Map.copyOf(positions);
    }

    /** The field's position, else the step's, else {@link Position#NONE}. */
    public Position at(String stepId, String field) {
        Position p = field == null ? null : positions.get(stepId + "." + field);
        if (p == null) {
            p = positions.get(stepId);
        }
        return p == null ? Position.NONE : p;
    }
}
