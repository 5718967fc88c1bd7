package org.acdserver.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.YamlDocument;
import org.acdserver.yaml.YamlException;
import org.acdserver.yaml.YamlNode;
import org.acdserver.yaml.YamlReader;

/**
 * One configuration file read by {@link YamlReader}, with typed reads of its fields that fail with
 * {@code file:line:column: message} at the value that is wrong. An absent field, or YAML's null, gives the
 * fallback; a field of the wrong kind (a list where a number belongs) is an error, never silently the fallback.
 */
final class ConfigFile {

    private final Path path;
    private final YamlNode.Mapping root;

    private ConfigFile(Path path, YamlNode.Mapping root) {
        this.path = path;
        this.root = root;
    }

    /** Reads a file whose top level must be a mapping; syntax errors and repeated keys carry their position. */
    static ConfigFile read(Path path) throws InvalidConfigurationException {
        YamlDocument doc;
        try {
            doc = YamlReader.read(path);
        } catch (YamlException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
        if (!doc.duplicates().isEmpty()) {
            throw new InvalidConfigurationException(String.join("\n",
                    doc.duplicates().stream().map(Object::toString).toList()));
        }
        if (!(doc.root() instanceof YamlNode.Mapping m)) {
            Position at = doc.root() == null ? new Position(1, 1) : doc.root().at();
            throw new InvalidConfigurationException(path.toString(), at, "expected a mapping at the top");
        }
        return new ConfigFile(path, m);
    }

    Path path() {
        return path;
    }

    YamlNode.Mapping root() {
        return root;
    }

    /** {@code file:line:column} of a node; the file alone when the node is null. */
    String where(YamlNode at) {
        return at == null ? path.toString() : where(at.at());
    }

    String where(Position at) {
        return at.line() <= 0 ? path.toString() : path + ":" + at;
    }

    /** An error at a node (the file as a whole when it is null). */
    InvalidConfigurationException error(YamlNode at, String message) {
        return error(at == null ? Position.NONE : at.at(), message);
    }

    /** An error at a position, a key's for example. */
    InvalidConfigurationException error(Position at, String message) {
        return new InvalidConfigurationException(path.toString(), at, message);
    }

    /** A field's value, or null when it is absent or YAML's null. */
    static YamlNode value(YamlNode.Mapping m, String key) {
        YamlNode v = m.get(key);
        return v instanceof YamlNode.Scalar s && s.text() == null ? null : v;
    }

    /** A plain value as text (numbers and booleans too). */
    String text(YamlNode.Mapping m, String key, String fallback) throws InvalidConfigurationException {
        YamlNode v = value(m, key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof YamlNode.Scalar s)) {
            throw error(v, "'" + key + "' must be a plain value");
        }
        return s.text();
    }

    /** A whole number. */
    int integer(YamlNode.Mapping m, String key, int fallback) throws InvalidConfigurationException {
        long n = whole(m, key, fallback);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw error(m.get(key), "'" + key + "' is out of range: " + n);
        }
        return (int) n;
    }

    /** A whole number that may be large. */
    long whole(YamlNode.Mapping m, String key, long fallback) throws InvalidConfigurationException {
        YamlNode v = value(m, key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof YamlNode.Scalar s && s.text().strip().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(s.text().strip());
        }
        throw error(v, "'" + key + "' must be a whole number, not " + shown(v));
    }

    /** {@code true} or {@code false}. */
    boolean flag(YamlNode.Mapping m, String key, boolean fallback) throws InvalidConfigurationException {
        YamlNode v = value(m, key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof YamlNode.Scalar s && (s.text().equals("true") || s.text().equals("false"))) {
            return Boolean.parseBoolean(s.text());
        }
        throw error(v, "'" + key + "' must be true or false, not " + shown(v));
    }

    /** A nested mapping, or null when absent. */
    YamlNode.Mapping mapping(YamlNode.Mapping m, String key) throws InvalidConfigurationException {
        YamlNode v = value(m, key);
        if (v == null || v instanceof YamlNode.Mapping) {
            return (YamlNode.Mapping) v;
        }
        throw error(v, "'" + key + "' must be a mapping");
    }

    /** A nested mapping; an empty one, placed at its key or its owner, when absent. */
    YamlNode.Mapping section(YamlNode.Mapping m, String key) throws InvalidConfigurationException {
        YamlNode.Mapping v = mapping(m, key);
        return v != null ? v : new YamlNode.Mapping(Map.of(), Map.of(), m.keyAt(key));
    }

    /** A list's items; none when absent. */
    List<YamlNode> items(YamlNode.Mapping m, String key) throws InvalidConfigurationException {
        YamlNode v = value(m, key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof YamlNode.Sequence s)) {
            throw error(v, "'" + key + "' must be a list");
        }
        return s.items();
    }

    /** A list of plain values; none when absent. */
    List<String> texts(YamlNode.Mapping m, String key) throws InvalidConfigurationException {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items(m, key)) {
            if (!(item instanceof YamlNode.Scalar s) || s.text() == null) {
                throw error(item, "'" + key + "' must list plain values");
            }
            out.add(s.text());
        }
        return out;
    }

    /** How a value is shown in a message: its text, or what kind of node it is. */
    static String shown(YamlNode v) {
        return switch (v) {
            case YamlNode.Scalar s -> "'" + s.text() + "'";
            case YamlNode.Sequence s -> "a list";
            case YamlNode.Mapping m -> "a mapping";
        };
    }
}
