package org.acdserver.flow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line and column, so that problems point at the exact field.
 * Jackson's tree model forgets locations, so the tree is built from the token stream. Repeated keys are reported
 * (each one) instead of stopping the read at the first.
 */
public sealed interface YamlNode {

    /** Where the node starts. */
    Position at();

    /** A plain value; {@code text} is null for YAML's null. */
    record Scalar(String text, boolean string, Position at) implements YamlNode {
        public boolean isNumber() {
            return text != null && !string && text.matches("-?[0-9]+(\\.[0-9]+)?");
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, Position at) implements YamlNode {
    }

    /** A mapping, in file order, with where each key stands. */
    record Mapping(Map<String, YamlNode> fields, Map<String, Position> keys, Position at) implements YamlNode {
        public YamlNode get(String key) {
            return fields.get(key);
        }

        /** Where the key is written, or where the mapping starts if it is absent. */
        public Position keyAt(String key) {
            return keys.getOrDefault(key, at);
        }
    }

    /**
     * Reads one document; duplicate keys go to {@code duplicates} as problems, the later value being kept.
     * {@code text} is the document itself: a quoted value's position is moved past its quote, so that columns
     * inside it (of an expression error, say) count from its first character.
     */
    static YamlNode read(JsonParser p, String source, String text, List<FlowProblem> duplicates) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? null : node(p, source, text, duplicates);
    }

    private static YamlNode node(JsonParser p, String source, String text, List<FlowProblem> duplicates)
            throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        Position at = position(loc);
        if (p.currentToken() == JsonToken.VALUE_STRING && loc != null && loc.getCharOffset() >= 0
                && loc.getCharOffset() < text.length()) {
            char c = text.charAt((int) loc.getCharOffset());
            if (c == '"' || c == '\'') {
                at = new Position(at.line(), at.column() + 1);
            }
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> fields = new LinkedHashMap<>();
                Map<String, Position> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Position keyAt = position(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(p, source, text, duplicates);
                    if (keys.containsKey(key)) {
                        duplicates.add(new FlowProblem(source, keyAt, "duplicate key '" + key
                                + "' (first written on line " + keys.get(key).line() + ")"));
                    } else {
                        keys.put(key, keyAt);
                    }
                    fields.put(key, value);
                }
                return new Mapping(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(keys), at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, source, text, duplicates));
                }
                return new Sequence(List.copyOf(items), at);
            }
            case VALUE_NULL -> {
                return new Scalar(null, false, at);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), true, at);
            }
            default -> {
                return new Scalar(p.getText(), false, at);
            }
        }
    }

    private static Position position(JsonLocation l) {
        return l == null ? Position.NONE : new Position(l.getLineNr(), l.getColumnNr());
    }
}
