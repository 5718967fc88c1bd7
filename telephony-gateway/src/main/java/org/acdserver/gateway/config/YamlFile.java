package org.acdserver.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A YAML configuration file read as a tree that remembers the line of every node, so that a problem found after
 * parsing (an unknown skill, a queue without a fallback) can still be reported as {@code file:line: message}.
 *
 * <p>Jackson's tree has no locations, so the file is read twice: once into the tree, once as a token stream that
 * records the line of each node under its JSON pointer ({@code /queues/2/requiredSkills/spanish}).
 */
final class YamlFile {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final ObjectMapper MAPPER;

    static {
        FACTORY.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        MAPPER = new ObjectMapper(FACTORY);
    }

    private final Path path;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlFile(Path path, JsonNode root, Map<String, Integer> lines) {
        this.path = path;
        this.root = root;
        this.lines = lines;
    }

    /** Reads a file whose top level must be a mapping; syntax errors carry their line. */
    static YamlFile read(Path path) throws InvalidConfigurationException {
        try {
            JsonNode root = MAPPER.readTree(path.toFile());
            if (root == null || !root.isObject()) {
                throw new InvalidConfigurationException(path + ":1: expected a mapping at the top");
            }
            return new YamlFile(path, root, lines(path));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidConfigurationException(path + ":" + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    JsonNode root() {
        return root;
    }

    /** The line of the node at a JSON pointer, or of its nearest ancestor that has one. */
    int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                return lines.getOrDefault("", 1);
            }
            p = p.substring(0, slash);
        }
    }

    /** An error pointing at the node at a JSON pointer. */
    InvalidConfigurationException error(String pointer, String message) {
        return new InvalidConfigurationException(path + ":" + line(pointer) + ": " + message);
    }

    private static Map<String, Integer> lines(Path path) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(path.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.FIELD_NAME) {
                    stack.peek().name = p.currentName();
                    lines.put(pointer(stack), line);
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                Frame parent = stack.peek();
                if (parent != null && parent.array) {
                    parent.index++;
                }
                lines.putIfAbsent(pointer(stack), line);
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(t == JsonToken.START_ARRAY));
                }
            }
        }
        return lines;
    }

    private static String pointer(Deque<Frame> stack) {
        StringBuilder b = new StringBuilder();
        for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            b.append('/').append(f.array ? Integer.toString(f.index) : f.name.replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }

    /** Where the token stream is: inside a mapping (at a field) or a sequence (at an index). */
    private static final class Frame {
        final boolean array;
        String name = "";
        int index = -1;

        Frame(boolean array) {
            this.array = array;
        }
    }
}
