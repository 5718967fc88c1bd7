package org.acdserver.yaml;

import java.util.List;
import java.util.Map;

/**
 * A node of a YAML document that knows where it is written (see {@link YamlReader}): a plain value, a list or a
 * mapping.
 */
public sealed interface YamlNode {

    /** Where the node starts. */
    Position at();

    /** A plain value; {@code text} is null for YAML's null; {@code string} tells a quoted or text value. */
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
}
