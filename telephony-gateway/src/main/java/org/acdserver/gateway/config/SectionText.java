package org.acdserver.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.YamlDocument;
import org.acdserver.yaml.YamlException;
import org.acdserver.yaml.YamlNode;
import org.acdserver.yaml.YamlReader;

/**
 * One configuration file's section as the REST API sees it: its items as JSON, and the file's text with one item
 * added, replaced or removed. Only the lines of that item change; the rest of the file (other items, comments, blank
 * lines) stays as written, so that files edited through the API stay reviewable. An item written by the API is laid
 * out in YAML's block style; comments inside an item it rewrites are not kept. A section written in flow style
 * ({@code queues: [...]}) is rewritten whole, in block style.
 */
public final class SectionText {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    /** An item's lines in the file: from {@code first} to {@code last}, 0-based, inclusive. */
    private record Block(String id, int first, int last, JsonNode json) {
    }

    private final ConfigSection section;
    private final String source;
    private final String text;
    private final List<String> lines;
    private final List<Block> blocks = new ArrayList<>();
    /** Whether the items are written one per block of lines (else the section is absent, empty or in flow style). */
    private final boolean blockStyle;
    /** The section's key line and the last line of its value, 0-based; -1 when the key is absent. */
    private final int keyLine;
    private final int sectionEnd;
    private final String indent;

    private SectionText(ConfigSection section, String source, String text) throws InvalidConfigurationException {
        this.section = section;
        this.source = source;
        this.text = text;
        this.lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        YamlDocument doc;
        try {
            doc = YamlReader.parse(text, source);
        } catch (YamlException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
        // A file of comments only, or an empty one, has no section yet.
        YamlNode.Mapping root = doc.root() == null ? new YamlNode.Mapping(Map.of(), Map.of(), Position.NONE)
                : doc.root() instanceof YamlNode.Mapping m ? m : null;
        if (root == null) {
            throw new InvalidConfigurationException(source + ": expected a mapping at the top");
        }
        YamlNode value = root.get(section.key());
        keyLine = root.keys().containsKey(section.key()) ? root.keyAt(section.key()).line() - 1 : -1;
        sectionEnd = keyLine < 0 ? -1 : endOfSection(keyLine);
        List<Integer> starts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        if (value instanceof YamlNode.Sequence seq && section.list()) {
            for (YamlNode item : seq.items()) {
                String id = item instanceof YamlNode.Mapping m && m.get("id") instanceof YamlNode.Scalar s
                        ? s.text() : null;
                if (id == null) {
                    throw new InvalidConfigurationException(source + ":" + item.at() + ": " + section.noun()
                            + " without an id");
                }
                ids.add(id);
                starts.add(item.at().line() - 1);
                items.add(json(item));
            }
        } else if (value instanceof YamlNode.Mapping map && !section.list()) {
            for (Map.Entry<String, YamlNode> e : map.fields().entrySet()) {
                ids.add(e.getKey());
                starts.add(map.keyAt(e.getKey()).line() - 1);
                items.add(mapItem(e.getKey(), e.getValue()));
            }
        } else if (value != null) {
            throw new InvalidConfigurationException(source + ":" + value.at() + ": " + section.key() + " must be "
                    + (section.list() ? "a list" : "a mapping"));
        }
        boolean distinctLines = starts.stream().distinct().count() == starts.size();
        blockStyle = value != null && !starts.isEmpty() && distinctLines && starts.get(0) > keyLine
                && !isFlow(value);
        for (int i = 0; i < ids.size(); i++) {
            int last = blockStyle ? (i + 1 < ids.size() ? starts.get(i + 1) - 1 : sectionEnd) : -1;
            blocks.add(new Block(ids.get(i), starts.get(i), blockStyle ? trimTail(starts.get(i), last) : -1,
                    items.get(i)));
        }
        indent = blockStyle ? lines.get(starts.get(0)).substring(0, leading(lines.get(starts.get(0)))) : "  ";
    }

    /** Reads the section from a file's text; {@code source} names the file in errors. */
    public static SectionText of(ConfigSection section, String source, String text)
            throws InvalidConfigurationException {
        return new SectionText(section, source, text);
    }

    /** Every item, by id, in file order. */
    public Map<String, JsonNode> items() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        blocks.forEach(b -> out.put(b.id(), b.json()));
        return out;
    }

    /** The file's text with {@code item} (whose {@code id} names it) in place of the item of that id, or added. */
    public String put(ObjectNode item) {
        String id = item.path("id").asText();
        Block old = blocks.stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
        if (!blockStyle) {
            Map<String, JsonNode> all = items();
            all.put(id, item);
            return rewriteSection(all);
        }
        List<String> fresh = render(item);
        List<String> out = new ArrayList<>(lines);
        if (old != null) {
            out.subList(old.first(), old.last() + 1).clear();
            out.addAll(old.first(), fresh);
        } else {
            out.addAll(blocks.get(blocks.size() - 1).last() + 1, fresh);
        }
        return String.join("\n", out);
    }

    /**
     * The file's text without the item {@code id}.
     *
     * @throws NoSuchElementException when there is none
     */
    public String remove(String id) {
        Block old = blocks.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow(
                () -> new NoSuchElementException("no " + section.noun() + " " + id + " in " + source));
        if (!blockStyle || blocks.size() == 1) {
            Map<String, JsonNode> all = items();
            all.remove(id);
            return rewriteSection(all);
        }
        List<String> out = new ArrayList<>(lines);
        out.subList(old.first(), old.last() + 1).clear();
        return String.join("\n", out);
    }

    /** The section written anew in block style, or added at the end of the file when it was absent. */
    private String rewriteSection(Map<String, JsonNode> all) {
        List<String> fresh = new ArrayList<>();
        if (all.isEmpty()) {
            fresh.add(section.key() + ": " + (section.list() ? "[]" : "{}"));
        } else {
            fresh.add(section.key() + ":");
            all.values().forEach(item -> fresh.addAll(render((ObjectNode) item)));
        }
        List<String> out = new ArrayList<>(lines);
        if (keyLine < 0) {
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            out.addAll(fresh);
            out.add("");
        } else {
            out.subList(keyLine, trimTail(keyLine, sectionEnd) + 1).clear();
            out.addAll(keyLine, fresh);
        }
        return String.join("\n", out);
    }

    /** An item's lines, indented as the section's items are. */
    private List<String> render(ObjectNode item) {
        Object value;
        if (section.list()) {
            value = List.of(item);
        } else {
            ObjectNode rest = item.deepCopy();
            String id = rest.remove("id").asText();
            value = Map.of(id, section.scalarField() != null ? rest.path(section.scalarField()) : rest);
        }
        String yaml;
        try {
            yaml = YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the " + section.noun() + " as YAML: "
                    + e.getOriginalMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (String line : yaml.split("\n")) {
            out.add(indent + line);
        }
        return out;
    }

    /** The last line of the section starting at {@code keyLine}: before the next top-level key, or the file's end. */
    private int endOfSection(int keyLine) {
        for (int i = keyLine + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && l.charAt(0) != '#') {
                return i - 1;
            }
        }
        return lines.size() - 1;
    }

    /**
     * Leaves out of a block its trailing blank lines and the comments indented no deeper than its first line: those
     * belong to what follows.
     */
    private int trimTail(int first, int last) {
        int depth = leading(lines.get(first));
        int end = last;
        while (end > first) {
            String l = lines.get(end);
            String stripped = l.strip();
            if (stripped.isEmpty() || (stripped.startsWith("#") && leading(l) <= depth)) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    private boolean isFlow(YamlNode value) {
        String line = lines.get(value.at().line() - 1);
        int col = value.at().column() - 1;
        return col < line.length() && (line.charAt(col) == '[' || line.charAt(col) == '{');
    }

    private static int leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** A mapping-style item as JSON: its name as {@code id}, then its fields (or its text as the scalar field). */
    private ObjectNode mapItem(String id, YamlNode value) {
        ObjectNode item = NODES.objectNode().put("id", id);
        if (section.scalarField() != null) {
            item.set(section.scalarField(), json(value));
        } else if (value instanceof YamlNode.Mapping) {
            item.setAll((ObjectNode) json(value));
        }
        return item;
    }

    /** A YAML node as JSON: unquoted numbers and booleans keep their type, everything else is text. */
    static JsonNode json(YamlNode node) {
        return switch (node) {
            case null -> NODES.nullNode();
            case YamlNode.Scalar s when s.text() == null -> NODES.nullNode();
            case YamlNode.Scalar s when !s.string() && s.isNumber() -> s.text().contains(".")
                    ? NODES.numberNode(new BigDecimal(s.text())) : NODES.numberNode(Long.parseLong(s.text()));
            case YamlNode.Scalar s when !s.string() && (s.text().equals("true") || s.text().equals("false")) ->
                    NODES.booleanNode(Boolean.parseBoolean(s.text()));
            case YamlNode.Scalar s -> NODES.textNode(s.text());
            case YamlNode.Sequence seq -> {
                ArrayNode a = NODES.arrayNode();
                seq.items().forEach(i -> a.add(json(i)));
                yield a;
            }
            case YamlNode.Mapping m -> {
                ObjectNode o = NODES.objectNode();
                m.fields().forEach((k, v) -> o.set(k, json(v)));
                yield o;
            }
        };
    }

    /** The file's text as read. */
    public String text() {
        return text;
    }
}
