package org.acdserver.flow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.acdserver.flow.expr.Expression;
import org.acdserver.flow.expr.ExpressionException;

/**
 * Reads flow files (YAML) and checks each on its own before it can run: every step has a known type and its
 * fields, every expression and pattern compiles, every reference names an existing step, every step is reachable,
 * every path can end, no loop runs without waiting for the caller, and no key is written twice. All problems are
 * reported at once, each with its file, line and column, so an administrator fixes a file in one pass. Checks
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

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    // Prompt names reach AGI command lines: nothing that could end or split a command.
    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/.-]+");

    private final YAMLFactory factory = new YAMLFactory();

    /** Loads every {@code *.yaml} file of a directory; problems of all files are reported together. */
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
        List<FlowProblem> problems = new ArrayList<>();
        YamlNode root;
        try (JsonParser p = factory.createParser(text)) {
            root = YamlNode.read(p, source, text, problems);
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            throw new InvalidFlowException(List.of(new FlowProblem(source, l == null ? 0 : l.getLineNr(),
                    l == null ? 0 : l.getColumnNr(), "not valid YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidFlowException(List.of(new FlowProblem(source, 0, "cannot read: " + e.getMessage())));
        }
        Flow flow = new Reader(source, problems).read(root, text);
        if (!problems.isEmpty()) {
            throw new InvalidFlowException(problems);
        }
        return flow;
    }

    /** One pass over one file's tree, collecting problems instead of stopping at the first. */
    private static final class Reader {
        private final String source;
        private final List<FlowProblem> problems;
        private final Map<String, Position> places = new LinkedHashMap<>();
        private String id;

        Reader(String source, List<FlowProblem> problems) {
            this.source = source;
            this.problems = problems;
        }

        private void problem(Position at, String message) {
            problems.add(new FlowProblem(source, at, message));
        }

        Flow read(YamlNode rootNode, String text) {
            if (!(rootNode instanceof YamlNode.Mapping root)) {
                problem(rootNode == null ? Position.NONE : rootNode.at(), "a flow file must be a mapping");
                return null;
            }
            for (String key : root.fields().keySet()) {
                if (!List.of("name", "start", "steps", "tests", "description").contains(key)) {
                    problem(root.keyAt(key), "unknown field '" + key + "' (known: name, start, steps, tests,"
                            + " description)");
                }
            }
            String name = text(root, "name", true);
            if (name != null && !NAME.matcher(name).matches()) {
                problem(root.get("name").at(), "flow name '" + name + "' may only hold letters, digits, _ . -");
            }
            String start = text(root, "start", true);
            Map<String, Step> steps = new LinkedHashMap<>();
            YamlNode stepsNode = root.get("steps");
            if (!(stepsNode instanceof YamlNode.Mapping sm) || sm.fields().isEmpty()) {
                problem(root.keyAt("steps"), "the flow has no steps");
            } else {
                for (Map.Entry<String, YamlNode> e : sm.fields().entrySet()) {
                    id = e.getKey();
                    places.put(id, sm.keyAt(id));
                    Step s = step(e.getValue(), sm.keyAt(id));
                    if (s != null) {
                        steps.put(id, s);
                    }
                }
                id = null;
                if (start != null && !sm.fields().containsKey(start)) {
                    problem(root.get("start").at(), "start names unknown step '" + start + "'");
                }
                new FlowGraph(source, steps, sm.fields().keySet(), places, problems).check(start, problems.isEmpty());
            }
            List<FlowTest> tests = tests(root.get("tests"));
            return new Flow(name, start, steps, source, new SourceMap(places), tests, text);
        }

        private Step step(YamlNode n, Position at) {
            if (!(n instanceof YamlNode.Mapping m)) {
                problem(at, "step '" + id + "' must be a mapping");
                return null;
            }
            for (Map.Entry<String, Position> k : m.keys().entrySet()) {
                places.put(id + "." + k.getKey(), k.getValue());
            }
            String type = text(m, "type", true);
            if (type == null) {
                return null;
            }
            if (!TYPES.contains(type)) {
                problem(m.get("type").at(), "step '" + id + "' has unknown type '" + type + "' (known: "
                        + String.join(", ", TYPES) + ")");
                return null;
            }
            return switch (type) {
                case "play" -> new Step.Play(id, prompts(m, "prompts", true), ref(m, "next"));
                case "menu" -> menu(m);
                case "collect" -> collect(m);
                case "lookup" -> lookup(m);
                case "branch" -> branch(m);
                case "set" -> set(m);
                case "hours" -> new Step.Hours(id, text(m, "schedule", true), ref(m, "open"), ref(m, "closed"));
                case "queue" -> queue(m);
                case "voicemail" -> new Step.Voicemail(id, text(m, "mailbox", true), prompts(m, "prompts", false),
                        Duration.ofSeconds(integer(m, "maxSeconds", 120, 5, 600)), ref(m, "next"));
                case "transfer" -> transfer(m);
                case "survey" -> survey(m);
                case "subflow" -> new Step.Subflow(id, text(m, "flow", true), ref(m, "next"));
                case "return" -> new Step.Return(id);
                default -> new Step.Hangup(id, prompts(m, "prompts", false));
            };
        }

        private Step menu(YamlNode.Mapping m) {
            List<Prompt> prompts = prompts(m, "prompts", true);
            Map<String, String> choices = new LinkedHashMap<>();
            YamlNode c = m.get("choices");
            if (!(c instanceof YamlNode.Mapping cm) || cm.fields().isEmpty()) {
                problem(m.keyAt("choices"), "menu '" + id + "' needs choices: key -> step");
            } else {
                for (Map.Entry<String, YamlNode> e : cm.fields().entrySet()) {
                    Position keyAt = cm.keyAt(e.getKey());
                    places.put(id + ".choices." + e.getKey(), keyAt);
                    if (!e.getKey().matches("[0-9*#]")) {
                        problem(keyAt, "menu '" + id + "' choice '" + e.getKey()
                                + "' is not a single key 0-9, * or #");
                    }
                    if (e.getValue() instanceof YamlNode.Scalar s && s.text() != null) {
                        choices.put(e.getKey(), s.text());
                    } else {
                        problem(e.getValue().at(), "menu '" + id + "' choice '" + e.getKey() + "' needs a step");
                    }
                }
            }
            int timeout = integer(m, "timeout", 5, 1, 60);
            int retries = integer(m, "retries", 2, 0, 10);
            return new Step.Menu(id, prompts, choices, Duration.ofSeconds(timeout), retries,
                    prompts(m, "invalid", false), prompts(m, "noInput", false), ref(m, "fallback"),
                    variable(m, "saveAs", false));
        }

        private Step collect(YamlNode.Mapping m) {
            int min = integer(m, "minDigits", 1, 1, 32);
            int max = integer(m, "maxDigits", 16, 1, 32);
            if (max < min) {
                problem(m.keyAt("maxDigits"), "step '" + id + "' maxDigits is below minDigits");
            }
            String terminator = text(m, "terminator", false);
            if (terminator != null && !"#".equals(terminator)) {
                problem(m.get("terminator").at(), "step '" + id + "' terminator can only be '#'");
            }
            Pattern pattern = null;
            String p = text(m, "pattern", false);
            if (p != null) {
                try {
                    pattern = Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    problem(m.get("pattern").at(), "step '" + id + "' has an invalid regular expression '" + p
                            + "': " + e.getDescription());
                }
            }
            return new Step.Collect(id, prompts(m, "prompts", true), variable(m, "into", true), min, max, pattern,
                    Duration.ofSeconds(integer(m, "timeout", 5, 1, 60)), integer(m, "retries", 2, 0, 10),
                    prompts(m, "invalid", false), prompts(m, "confirm", false), ref(m, "next"), ref(m, "fallback"));
        }

        private Step lookup(YamlNode.Mapping m) {
            Map<String, Expression> args = new LinkedHashMap<>();
            if (m.get("with") instanceof YamlNode.Mapping w) {
                for (Map.Entry<String, YamlNode> e : w.fields().entrySet()) {
                    Expression x = expression(e.getValue(), "with." + e.getKey());
                    if (x != null) {
                        args.put(e.getKey(), x);
                    }
                }
            } else if (m.get("with") != null) {
                problem(m.get("with").at(), "step '" + id + "' with must map parameters to expressions");
            }
            double seconds = decimal(m, "timeout", 2, 0.1, 30);
            return new Step.Lookup(id, text(m, "query", true), args, variable(m, "into", false),
                    Duration.ofMillis(Math.round(seconds * 1000)), ref(m, "next"), ref(m, "onError"));
        }

        private Step branch(YamlNode.Mapping m) {
            List<Step.Case> cases = new ArrayList<>();
            if (!(m.get("cases") instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
                problem(m.keyAt("cases"), "branch '" + id + "' needs cases: [{if: condition, next: step}]");
            } else {
                for (int i = 0; i < seq.items().size(); i++) {
                    YamlNode item = seq.items().get(i);
                    places.put(id + ".cases." + i, item.at());
                    if (!(item instanceof YamlNode.Mapping cm)) {
                        problem(item.at(), "branch '" + id + "' case " + (i + 1) + " must be {if: ..., next: ...}");
                        continue;
                    }
                    Expression when = expression(cm.get("if"), "if");
                    if (cm.get("if") == null) {
                        problem(cm.at(), "branch '" + id + "' case " + (i + 1) + " needs if");
                    }
                    String next = cm.get("next") instanceof YamlNode.Scalar s ? s.text() : null;
                    if (next == null) {
                        problem(cm.at(), "branch '" + id + "' case " + (i + 1) + " needs next");
                    }
                    if (when != null && next != null) {
                        cases.add(new Step.Case(when, next));
                    }
                }
            }
            return new Step.Branch(id, cases, ref(m, "otherwise"));
        }

        private Step set(YamlNode.Mapping m) {
            Map<String, Expression> vars = new LinkedHashMap<>();
            if (m.get("variables") instanceof YamlNode.Mapping v) {
                for (Map.Entry<String, YamlNode> e : v.fields().entrySet()) {
                    if (!VARIABLE.matcher(e.getKey()).matches()) {
                        problem(v.keyAt(e.getKey()), "'" + e.getKey() + "' is not a variable name");
                    }
                    Expression x = expression(e.getValue(), "variables." + e.getKey());
                    if (x != null) {
                        vars.put(e.getKey(), x);
                    }
                }
            }
            Expression priority = m.get("priority") == null ? null : expression(m.get("priority"), "priority");
            String language = text(m, "language", false);
            if (language != null && !language.matches("[a-z]{2}(_[A-Za-z]{2,})?")) {
                problem(m.get("language").at(), "step '" + id + "' language '" + language
                        + "' is not a language code like en or es_MX");
            }
            return new Step.Set(id, vars, priority, skills(m), language, ref(m, "next"));
        }

        private Step queue(YamlNode.Mapping m) {
            String queue = text(m, "queue", false);
            Expression queueFrom = m.get("queueFrom") == null ? null : expression(m.get("queueFrom"), "queueFrom");
            if ((queue == null) == (queueFrom == null)) {
                problem(m.keyAt("queue"), "queue step '" + id + "' needs either queue or queueFrom");
            }
            Integer priority = null;
            Expression priorityFrom = null;
            YamlNode p = m.get("priority");
            if (p instanceof YamlNode.Scalar s && s.isNumber()) {
                priority = integer(m, "priority", 0, -1000, 1000);
            } else if (p != null) {
                priorityFrom = expression(p, "priority");
            }
            String callbackKey = text(m, "callbackKey", false);
            if (callbackKey != null && !callbackKey.matches("[0-9*#]")) {
                problem(m.get("callbackKey").at(), "queue step '" + id + "' callbackKey must be one key");
            }
            String music = text(m, "music", false);
            if (music != null && !NAME.matcher(music).matches()) {
                problem(m.get("music").at(), "queue step '" + id + "' music class '" + music + "' is not a name");
            }
            List<String> whisper = new ArrayList<>();
            YamlNode w = m.get("whisper");
            if (w instanceof YamlNode.Sequence seq) {
                for (YamlNode item : seq.items()) {
                    if (item instanceof YamlNode.Scalar sc && sc.text() != null && NAME.matcher(sc.text()).matches()) {
                        whisper.add(sc.text());
                    } else {
                        problem(item.at(), "queue step '" + id + "' whisper must list variable names");
                    }
                }
            } else if (w != null) {
                problem(w.at(), "queue step '" + id + "' whisper must be a list of variable names");
            }
            return new Step.Queue(id, queue, queueFrom, priority, priorityFrom, skills(m), music,
                    Duration.ofSeconds(integer(m, "announceEvery", 0, 0, 3600)), callbackKey, ref(m, "next"),
                    ref(m, "fallback"), ref(m, "afterCallback"), whisper);
        }

        private Step transfer(YamlNode.Mapping m) {
            YamlNode to = m.get("to");
            Expression destination = null;
            if (to instanceof YamlNode.Scalar s && s.text() != null && s.text().matches("[0-9*#+]+")) {
                destination = Expression.literal(s.text());
            } else if (to != null) {
                destination = expression(to, "to");
            } else {
                problem(m.at(), "step '" + id + "' needs to");
            }
            return new Step.Transfer(id, destination, prompts(m, "prompts", false));
        }

        private Step survey(YamlNode.Mapping m) {
            Expression when = m.get("when") == null ? null : expression(m.get("when"), "when");
            List<Step.Question> questions = new ArrayList<>();
            if (!(m.get("questions") instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
                problem(m.keyAt("questions"), "survey '" + id + "' needs questions: [{kind: csat, prompts: [...]}]");
            } else {
                for (YamlNode item : seq.items()) {
                    if (!(item instanceof YamlNode.Mapping q)) {
                        problem(item.at(), "survey '" + id + "' question must be {kind: ..., prompts: [...]}");
                        continue;
                    }
                    String kind = text(q, "kind", true);
                    SurveyKind k = null;
                    try {
                        k = kind == null ? null : SurveyKind.valueOf(kind.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        problem(q.get("kind").at(), "survey '" + id + "' kind '" + kind + "' is not csat, nps or ces");
                    }
                    List<Prompt> prompts = prompts(q, "prompts", true);
                    if (k != null) {
                        questions.add(new Step.Question(k, prompts));
                    }
                }
            }
            return new Step.Survey(id, when, questions, ref(m, "next"));
        }

        private Map<String, Integer> skills(YamlNode.Mapping m) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            if (m.get("skills") instanceof YamlNode.Mapping s) {
                for (Map.Entry<String, YamlNode> e : s.fields().entrySet()) {
                    int level = e.getValue() instanceof YamlNode.Scalar v && v.isNumber()
                            ? (int) Double.parseDouble(v.text()) : 0;
                    if (level < 1 || level > 10) {
                        problem(e.getValue().at(), "step '" + id + "' skill " + e.getKey()
                                + " needs a minimum proficiency of 1-10");
                    }
                    skills.put(e.getKey(), level);
                }
            } else if (m.get("skills") != null) {
                problem(m.get("skills").at(), "step '" + id + "' skills must map skill names to levels");
            }
            return skills;
        }

        private List<Prompt> prompts(YamlNode.Mapping m, String field, boolean required) {
            YamlNode p = m.get(field);
            if (p == null) {
                if (required) {
                    problem(m.at(), "step '" + id + "' needs " + field);
                }
                return List.of();
            }
            List<Prompt> out = new ArrayList<>();
            List<YamlNode> items = p instanceof YamlNode.Sequence s ? s.items() : List.of(p);
            for (YamlNode item : items) {
                Prompt prompt = prompt(item, field);
                if (prompt != null) {
                    out.add(prompt);
                }
            }
            return out;
        }

        private Prompt prompt(YamlNode item, String field) {
            if (item instanceof YamlNode.Scalar s && s.text() != null) {
                if (!SOUND.matcher(s.text()).matches() || s.text().contains("..")) {
                    problem(item.at(), "step '" + id + "' prompt '" + s.text().replace("\n", "\\n")
                            + "' may only hold letters, digits and _ / . - (a sound file name without extension)");
                    return null;
                }
                return new Prompt.Sound(s.text());
            }
            if (item instanceof YamlNode.Mapping m && m.get("say") != null) {
                String kind = text(m, "say", true);
                Prompt.SayKind k;
                try {
                    k = Prompt.SayKind.valueOf(kind.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(m.get("say").at(), "step '" + id + "' cannot say '" + kind
                            + "' (known: number, digits, date, alpha, currency)");
                    return null;
                }
                Expression value = expression(m.get("value"), field + ".value");
                if (m.get("value") == null) {
                    problem(m.at(), "step '" + id + "' say needs value");
                    return null;
                }
                String unit = text(m, "unit", false);
                String subunit = text(m, "subunit", false);
                for (String u : new String[] {unit, subunit}) {
                    if (u != null && !SOUND.matcher(u).matches()) {
                        problem(m.at(), "step '" + id + "' unit '" + u + "' is not a sound file name");
                    }
                }
                if (k == Prompt.SayKind.CURRENCY && unit == null) {
                    unit = "digits/dollars";
                }
                return value == null ? null : new Prompt.Say(k, value, unit, subunit);
            }
            problem(item.at(), "step '" + id + "' " + field + " must be sound names or {say: kind, value: ...}");
            return null;
        }

        private Expression expression(YamlNode n, String field) {
            if (n == null) {
                return null;
            }
            if (!(n instanceof YamlNode.Scalar s) || s.text() == null) {
                problem(n.at(), "step '" + id + "' " + field + " must be an expression");
                return null;
            }
            try {
                return Expression.parse(s.text());
            } catch (ExpressionException e) {
                // The column inside the expression is only exact for plain scalars on one line.
                Position at = new Position(n.at().line(), n.at().column() + e.offset());
                problem(at, "step '" + (id == null ? "" : id) + "' " + field + ": " + e.getMessage() + " in '"
                        + s.text() + "'");
                return null;
            }
        }

        private String ref(YamlNode.Mapping m, String field) {
            return text(m, field, false);
        }

        private String variable(YamlNode.Mapping m, String field, boolean required) {
            String v = text(m, field, required);
            if (v != null && !VARIABLE.matcher(v).matches()) {
                problem(m.get(field).at(), "step '" + id + "' " + field + " '" + v + "' is not a variable name");
                return null;
            }
            return v;
        }

        private String text(YamlNode.Mapping m, String field, boolean required) {
            YamlNode v = m.get(field);
            if (v == null || v instanceof YamlNode.Scalar s && (s.text() == null || s.text().isBlank())) {
                if (required) {
                    problem(v == null ? m.at() : v.at(), (id == null ? "the flow" : "step '" + id + "'")
                            + " needs " + field);
                }
                return null;
            }
            if (!(v instanceof YamlNode.Scalar s)) {
                problem(v.at(), (id == null ? "the flow's " : "step '" + id + "' ") + field + " must be a plain value");
                return null;
            }
            return s.text();
        }

        private int integer(YamlNode.Mapping m, String field, int fallback, int min, int max) {
            YamlNode v = m.get(field);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof YamlNode.Scalar s) || !s.isNumber() || s.text().contains(".")) {
                problem(v.at(), "step '" + id + "' " + field + " must be a whole number");
                return fallback;
            }
            int n = Integer.parseInt(s.text());
            if (n < min || n > max) {
                problem(v.at(), "step '" + id + "' " + field + " must be " + min + "-" + max);
                return fallback;
            }
            return n;
        }

        private double decimal(YamlNode.Mapping m, String field, double fallback, double min, double max) {
            YamlNode v = m.get(field);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof YamlNode.Scalar s) || !s.isNumber()) {
                problem(v.at(), "step '" + id + "' " + field + " must be a number");
                return fallback;
            }
            double n = Double.parseDouble(s.text());
            if (n < min || n > max) {
                problem(v.at(), "step '" + id + "' " + field + " must be " + min + "-" + max);
                return fallback;
            }
            return n;
        }

        private List<FlowTest> tests(YamlNode n) {
            List<FlowTest> tests = new ArrayList<>();
            if (n == null) {
                return tests;
            }
            if (!(n instanceof YamlNode.Sequence seq)) {
                problem(n.at(), "tests must be a list of test cases");
                return tests;
            }
            for (YamlNode item : seq.items()) {
                if (!(item instanceof YamlNode.Mapping t)) {
                    problem(item.at(), "a test case must be a mapping");
                    continue;
                }
                String name = text(t, "name", true);
                List<String> keys = new ArrayList<>();
                YamlNode k = t.get("keys");
                if (k instanceof YamlNode.Sequence ks) {
                    ks.items().forEach(x -> keys.add(x instanceof YamlNode.Scalar s && s.text() != null
                            ? s.text() : ""));
                } else if (k instanceof YamlNode.Scalar s && s.text() != null) {
                    keys.addAll(FlowSimulator.splitKeys(s.text()));
                }
                QueueResult qr = QueueResult.CONNECTED;
                String r = text(t, "queueResult", false);
                if (r != null) {
                    try {
                        qr = QueueResult.valueOf(r.toUpperCase(Locale.ROOT).replace('-', '_'));
                    } catch (IllegalArgumentException e) {
                        problem(t.get("queueResult").at(), "test '" + name
                                + "' queueResult must be connected, callback_accepted or not_served");
                    }
                }
                Map<String, String> vars = new LinkedHashMap<>();
                String endStep = null;
                String queue = null;
                if (t.get("expect") instanceof YamlNode.Mapping ex) {
                    endStep = text(ex, "step", false);
                    queue = text(ex, "queue", false);
                    if (ex.get("variables") instanceof YamlNode.Mapping vm) {
                        vm.fields().forEach((key, v) -> vars.put(key, v instanceof YamlNode.Scalar s
                                && s.text() != null ? s.text() : ""));
                    }
                } else {
                    problem(t.at(), "test '" + name + "' needs expect: {step, queue, variables}");
                }
                tests.add(new FlowTest(name == null ? "?" : name, keys, text(t, "caller", false),
                        text(t, "time", false), qr, endStep, queue, vars, t.at()));
            }
            return tests;
        }
    }
}
