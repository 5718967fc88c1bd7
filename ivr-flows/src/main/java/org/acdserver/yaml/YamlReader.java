package org.acdserver.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way configuration and flow files are read: YAML text to a {@link YamlNode} tree whose every node knows its
 * line and column, so that every problem found later, in any file, can name {@code file:line:column}. A syntax
 * error is a {@link YamlException} with its position; keys written twice are collected, not fatal, so that a flow
 * file reports them together with its other problems.
 */
public final class YamlReader {

    // Parsers are created per read; the factory itself is thread-safe once configured.
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {
    }

    /** Reads a file; its path is the source named in problems. */
    public static YamlDocument read(Path file) throws YamlException {
        return parse(Utf8Text.read(file), file.toString());
    }

    /** Reads YAML text; {@code source} names it in problems. */
    public static YamlDocument parse(String text, String source) throws YamlException {
        List<YamlProblem> duplicates = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            YamlNode root = p.nextToken() == null ? null : node(p, source, text, duplicates);
            return new YamlDocument(source, text, root, duplicates);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            Position at = l == null ? Position.NONE : new Position(l.getLineNr(), l.getColumnNr());
            throw new YamlException(new YamlProblem(source, at, "not valid YAML: " + e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new YamlException(new YamlProblem(source, Position.NONE, "cannot read: " + e.getMessage()), e);
        }
    }

    /*
     * Jackson's tree model forgets locations, so the tree is built from the token stream. A quoted value's position
     * is moved past its quote, so that columns inside it (of an expression error, say) count from its first
     * character.
     */
    private static YamlNode node(JsonParser p, String source, String text, List<YamlProblem> duplicates)
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
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, YamlNode> fields = new LinkedHashMap<>();
                Map<String, Position> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Position keyAt = position(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(p, source, text, duplicates);
                    if (keys.containsKey(key)) {
                        duplicates.add(new YamlProblem(source, keyAt, "duplicate key '" + key
                                + "' (first written on line " + keys.get(key).line() + ")"));
                    } else {
                        keys.put(key, keyAt);
                    }
                    fields.put(key, value);
                }
                return new YamlNode.Mapping(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(keys),
                        at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, source, text, duplicates));
                }
                return new YamlNode.Sequence(List.copyOf(items), at);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, false, at);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), true, at);
            }
            default -> {
                return new YamlNode.Scalar(p.getText(), false, at);
            }
        }
    }

    private static Position position(JsonLocation l) {
        return l == null ? Position.NONE : new Position(l.getLineNr(), l.getColumnNr());
    }
}
