package org.acdserver.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.Utf8Text;
import org.acdserver.yaml.YamlDocument;
import org.acdserver.yaml.YamlException;
import org.acdserver.yaml.YamlNode;
import org.acdserver.yaml.YamlProblem;
import org.acdserver.yaml.YamlReader;

/**
 * Reads flow files (YAML) and checks each on its own before it can run: every step has a known type and its
 * fields, every expression and pattern compiles, every reference names an existing step, every step is reachable,
 * every path can end, no loop runs without waiting for the caller, and no key is written twice. All problems are
 * reported at once, each with its file, line and column, so an administrator fixes a file in one pass. The file is
 * read by {@link YamlReader}; its steps by {@link StepReader}, their fields by {@link FieldReader} and its test cases
 * by {@link FlowTestReader}. Checks
 * against the rest of the configuration (queues, schedules, queries, other flows, sound files) are
 * {@link FlowValidator}'s.
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

    /** The step types, in the order the schema and messages list them. */
    public static final List<String> TYPES = List.of("play", "menu", "collect", "lookup", "branch", "set", "hours",
            "queue", "voicemail", "transfer", "survey", "subflow", "return", "hangup");

    private static final List<String> FIELDS = List.of("name", "start", "steps", "tests", "description");

    /** Loads every {@code *.yaml} file of a directory; problems of all files are reported together. */
    public Map<String, Flow> loadDirectory(Path dir) throws IOException, InvalidFlowException {
        Map<String, Flow> flows = new LinkedHashMap<>();
        List<FlowProblem> problems = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    Flow flow = load(file);
                    Flow other = flows.putIfAbsent(flow.name(), flow);
                    if (other != null) {
                        problems.add(new FlowProblem(file.toString(), nameAt(flow), "flow name " + flow.name()
                                + " is used by another file (" + other.source() + ")"));
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

    /** Loads one file; one that cannot be read, or is not UTF-8, is a problem naming it (and where, if it can). */
    public Flow load(Path file) throws IOException, InvalidFlowException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (YamlException e) {
            throw new InvalidFlowException(List.of(problem(e.problem())));
        }
        return parse(text, file.toString());
    }

    public Flow parse(String text, String source) throws InvalidFlowException {
        YamlDocument doc;
        try {
            doc = YamlReader.parse(text, source);
        } catch (YamlException e) {
            throw new InvalidFlowException(List.of(problem(e.problem())));
        }
        List<FlowProblem> problems = new ArrayList<>();
        doc.duplicates().forEach(d -> problems.add(problem(d)));
        Flow flow = read(doc.root(), text, new FieldReader(source, problems), source);
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
        return flow;
    }

    /** Where a valid flow's name is written; read again, since only this rare message needs it. */
    private static Position nameAt(Flow flow) {
        try {
            return YamlReader.parse(flow.text(), flow.source()).root() instanceof YamlNode.Mapping m
                    && m.get("name") != null ? m.get("name").at() : Position.NONE;
        } catch (YamlException e) {
            return Position.NONE;
        }
    }

    private static FlowProblem problem(YamlProblem p) {
        return new FlowProblem(p.file(), p.at(), p.message());
    }

    /** One pass over one file's tree, collecting problems instead of stopping at the first. */
    private static Flow read(YamlNode rootNode, String text, FieldReader f, String source) {
        if (!(rootNode instanceof YamlNode.Mapping root)) {
            f.problem(rootNode == null ? Position.NONE : rootNode.at(), "a flow file must be a mapping");
            return null;
        }
        for (String key : root.fields().keySet()) {
            if (!FIELDS.contains(key)) {
                f.problem(root.keyAt(key), "unknown field '" + key + "' (known: name, start, steps, tests,"
                        + " description)");
            }
        }
        String name = f.text(root, "name", true);
        if (name != null && !FieldReader.NAME.matcher(name).matches()) {
            f.problem(root.get("name").at(), "flow name '" + name + "' may only hold letters, digits, _ . -");
        }
        String start = f.text(root, "start", true);
        Map<String, Step> steps = new LinkedHashMap<>();
        YamlNode stepsNode = root.get("steps");
        if (!(stepsNode instanceof YamlNode.Mapping sm) || sm.fields().isEmpty()) {
            f.problem(root.keyAt("steps"), "the flow has no steps");
        } else {
            StepReader stepReader = new StepReader(f);
            for (Map.Entry<String, YamlNode> e : sm.fields().entrySet()) {
                String id = e.getKey();
                f.place(id, sm.keyAt(id));
                Step s = stepReader.read(id, e.getValue(), sm.keyAt(id));
                if (s != null) {
                    steps.put(id, s);
                }
            }
            f.enter(null);
            if (start != null && !sm.fields().containsKey(start)) {
                f.problem(root.get("start").at(), "start names unknown step '" + start + "'");
            }
            new FlowGraph(source, steps, sm.fields().keySet(), f.places(), f.problems())
                    .check(start, !f.hasProblems());
        }
        List<FlowTest> tests = new FlowTestReader(f).read(root.get("tests"));
        return new Flow(name, start, steps, source, new SourceMap(f.places()), tests, text);
    }
}
