package org.acdserver.flow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads flow files (YAML) and checks them before they can run: every step has a known type and its fields, every
 * reference names an existing step, and keys are not repeated. All problems are reported at once, each with its
 * file and line, so an administrator fixes a file in one pass.
 *
 * <pre>
 * name: main
 * start: welcome
 * steps:
 *   welcome: {type: play, prompts: [hello], next: menu}
 *   menu:
 *     type: menu
 *     prompts: [press-1-for-sales]
 *     choices: {"1": sales, "2": support}
 *     timeout: 5        # seconds
 *     retries: 2
 *     fallback: goodbye
 *   sales: {type: queue, queue: sales, priority: 0, skills: {spanish: 5}, next: goodbye}
 *   goodbye: {type: hangup, prompts: [vm-goodbye]}
 * </pre>
 */
public final class FlowLoader {

    private static final Set<String> TYPES = Set.of("play", "menu", "queue", "hangup");

    private final ObjectMapper yaml;

    public FlowLoader() {
        YAMLFactory factory = new YAMLFactory();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
    }

    /** Loads every {@code *.yaml} file of a directory; the first invalid file stops the load. */
    public Map<String, Flow> loadDirectory(Path dir) throws IOException, InvalidFlowException {
        Map<String, Flow> flows = new LinkedHashMap<>();
        List<FlowProblem> problems = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    Flow flow = load(file);
                    if (flows.putIfAbsent(flow.name(), flow) != null) {
                        problems.add(new FlowProblem(file.toString(), 0, "flow name " + flow.name()
                                + " is used by another file"));
                    }
                } catch (InvalidFlowException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
        return flows;
    }

    public Flow load(Path file) throws IOException, InvalidFlowException {
        return parse(Files.readString(file), file.toString());
    }

    public Flow parse(String text, String source) throws InvalidFlowException {
        JsonNode root;
        Map<String, Integer> stepLines;
        try {
            root = yaml.readTree(text);
            stepLines = stepLines(text);
        } catch (IOException e) {
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? jpe.getLocation().getLineNr() : 0;
            throw new InvalidFlowException(List.of(new FlowProblem(source, line, "not valid YAML: "
                    + firstLine(e.getMessage()))));
        }
        return new Reader(source, stepLines).read(root);
    }

    /** Line of each step's key, found by streaming the tokens (the tree model forgets locations). */
    private Map<String, Integer> stepLines(String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = yaml.getFactory().createParser(text)) {
            int depth = 0;
            boolean inSteps = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth <= 1) {
                            inSteps = false;
                        }
                    }
                    case FIELD_NAME -> {
                        if (depth == 1) {
                            inSteps = "steps".equals(p.currentName());
                        } else if (depth == 2 && inSteps) {
                            lines.put(p.currentName(), p.currentTokenLocation().getLineNr());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return lines;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** One pass over one file's tree, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private final String source;
        private final Map<String, Integer> lines;
        private final List<FlowProblem> problems = new ArrayList<>();
        private final List<String[]> references = new ArrayList<>();

        Reader(String source, Map<String, Integer> lines) {
            this.source = source;
            this.lines = lines;
        }

        Flow read(JsonNode root) throws InvalidFlowException {
            if (root == null || !root.isObject()) {
                throw new InvalidFlowException(List.of(new FlowProblem(source, 0, "a flow file must be a mapping")));
            }
            String name = text(root, "name", null, 1);
            String start = text(root, "start", null, 1);
            JsonNode stepsNode = root.get("steps");
            Map<String, Step> steps = new LinkedHashMap<>();
            if (stepsNode == null || !stepsNode.isObject() || stepsNode.isEmpty()) {
                problems.add(new FlowProblem(source, 0, "the flow has no steps"));
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = stepsNode.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Step s = step(e.getKey(), e.getValue());
                    if (s != null) {
                        steps.put(s.id(), s);
                    }
                }
            }
            if (start != null && !steps.isEmpty() && !steps.containsKey(start)) {
                problems.add(new FlowProblem(source, 0, "start names unknown step '" + start + "'"));
            }
            for (String[] ref : references) {
                if (!steps.containsKey(ref[1]) && stepsNode != null && !stepsNode.has(ref[1])) {
                    problems.add(new FlowProblem(source, line(ref[0]), "step '" + ref[0] + "' goes to unknown step '"
                            + ref[1] + "'"));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidFlowException(problems);
            }
            return new Flow(name, start, steps, source);
        }

        private Step step(String id, JsonNode n) {
            int line = line(id);
            if (!n.isObject()) {
                problems.add(new FlowProblem(source, line, "step '" + id + "' must be a mapping"));
                return null;
            }
            String type = text(n, "type", id, line);
            if (type == null) {
                return null;
            }
            if (!TYPES.contains(type)) {
                problems.add(new FlowProblem(source, line, "step '" + id + "' has unknown type '" + type
                        + "' (known: play, menu, queue, hangup)"));
                return null;
            }
            return switch (type) {
                case "play" -> new Step.Play(id, prompts(n, "prompts", id, line, true), ref(n, "next", id, line));
                case "menu" -> menu(id, n, line);
                case "queue" -> new Step.Queue(id, text(n, "queue", id, line), n.path("priority").asInt(0),
                        skills(n, id, line), ref(n, "next", id, line));
                default -> new Step.Hangup(id, prompts(n, "prompts", id, line, false));
            };
        }

        private Step menu(String id, JsonNode n, int line) {
            List<String> prompts = prompts(n, "prompts", id, line, true);
            Map<String, String> choices = new LinkedHashMap<>();
            JsonNode c = n.get("choices");
            if (c == null || !c.isObject() || c.isEmpty()) {
                problems.add(new FlowProblem(source, line, "menu '" + id + "' needs choices: key -> step"));
            } else {
                c.fields().forEachRemaining(e -> {
                    if (!e.getKey().matches("[0-9*#]")) {
                        problems.add(new FlowProblem(source, line, "menu '" + id + "' choice '" + e.getKey()
                                + "' is not a single key 0-9, * or #"));
                    }
                    String target = e.getValue().asText();
                    references.add(new String[] {id, target});
                    choices.put(e.getKey(), target);
                });
            }
            int timeout = n.path("timeout").asInt(5);
            int retries = n.path("retries").asInt(2);
            if (timeout < 1 || timeout > 60) {
                problems.add(new FlowProblem(source, line, "menu '" + id + "' timeout must be 1-60 seconds"));
            }
            if (retries < 0 || retries > 10) {
                problems.add(new FlowProblem(source, line, "menu '" + id + "' retries must be 0-10"));
            }
            return new Step.Menu(id, prompts, choices, Duration.ofSeconds(timeout), retries,
                    prompts(n, "invalid", id, line, false), prompts(n, "noInput", id, line, false),
                    ref(n, "fallback", id, line));
        }

        private Map<String, Integer> skills(JsonNode n, String id, int line) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            n.path("skills").fields().forEachRemaining(e -> {
                int level = e.getValue().asInt(0);
                if (level < 1 || level > 10) {
                    problems.add(new FlowProblem(source, line, "step '" + id + "' skill " + e.getKey()
                            + " needs a minimum proficiency of 1-10"));
                }
                skills.put(e.getKey(), level);
            });
            return skills;
        }

        private String ref(JsonNode n, String field, String id, int line) {
            String target = text(n, field, id, line);
            if (target != null) {
                references.add(new String[] {id, target});
            }
            return target;
        }

        private List<String> prompts(JsonNode n, String field, String id, int line, boolean required) {
            JsonNode p = n.get(field);
            if (p == null) {
                if (required) {
                    problems.add(new FlowProblem(source, line, "step '" + id + "' needs " + field));
                }
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (p.isTextual()) {
                out.add(p.asText());
            } else if (p.isArray()) {
                p.forEach(x -> out.add(x.asText()));
            } else {
                problems.add(new FlowProblem(source, line, "step '" + id + "' " + field + " must be a list of prompts"));
            }
            for (String prompt : out) {
                // Prompt names reach AGI command lines: nothing that could end or split a command.
                if (!prompt.matches("[A-Za-z0-9_/.-]+")) {
                    problems.add(new FlowProblem(source, line, "step '" + id + "' prompt '" + prompt
                            + "' may only hold letters, digits, _ / . -"));
                }
            }
            return out;
        }

        private String text(JsonNode n, String field, String id, int line) {
            JsonNode v = n.get(field);
            if (v == null || !v.isValueNode() || v.asText().isBlank()) {
                problems.add(new FlowProblem(source, line, (id == null ? "the flow" : "step '" + id + "'")
                        + " needs " + field));
                return null;
            }
            return v.asText();
        }

        private int line(String id) {
            return lines.getOrDefault(id, 0);
        }
    }
}
