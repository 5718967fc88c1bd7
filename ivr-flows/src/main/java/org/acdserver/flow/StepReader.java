package org.acdserver.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.acdserver.flow.expr.Expression;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.YamlNode;

/**
 * Reads one step of a flow file by its type: which fields each type has, their ranges and how they combine (a queue
 * step names a queue or an expression for one, a collect step's maxDigits is not below its minDigits). Fields
 * themselves are read by a {@link FieldReader}, which collects the problems.
 */
final class StepReader {

    private final FieldReader f;
    private String id;

    StepReader(FieldReader fields) {
        this.f = fields;
    }

    /** Reads the step {@code id} written at {@code at}; null when it is too broken to use (problems say why). */
    Step read(String id, YamlNode n, Position at) {
        this.id = id;
        f.enter(id);
        if (!(n instanceof YamlNode.Mapping m)) {
            f.problem(at, "step '" + id + "' must be a mapping");
            return null;
        }
        for (Map.Entry<String, Position> k : m.keys().entrySet()) {
            f.place(id + "." + k.getKey(), k.getValue());
        }
        String type = f.text(m, "type", true);
        if (type == null) {
            return null;
        }
        if (!FlowLoader.TYPES.contains(type)) {
            f.problem(m.get("type").at(), "step '" + id + "' has unknown type '" + type + "' (known: "
                    + String.join(", ", FlowLoader.TYPES) + ")");
            return null;
        }
        return switch (type) {
            case "play" -> new Step.Play(id, f.prompts(m, "prompts", true), f.ref(m, "next"));
            case "menu" -> menu(m);
            case "collect" -> collect(m);
            case "lookup" -> lookup(m);
            case "branch" -> branch(m);
            case "set" -> set(m);
            case "hours" -> new Step.Hours(id, f.text(m, "schedule", true), f.ref(m, "open"), f.ref(m, "closed"));
            case "queue" -> queue(m);
            case "voicemail" -> new Step.Voicemail(id, f.text(m, "mailbox", true), f.prompts(m, "prompts", false),
                    Duration.ofSeconds(f.integer(m, "maxSeconds", 120, 5, 600)), f.ref(m, "next"));
            case "transfer" -> transfer(m);
            case "survey" -> survey(m);
            case "subflow" -> new Step.Subflow(id, f.text(m, "flow", true), f.ref(m, "next"));
            case "return" -> new Step.Return(id);
            default -> new Step.Hangup(id, f.prompts(m, "prompts", false));
        };
    }

    private Step menu(YamlNode.Mapping m) {
        List<Prompt> prompts = f.prompts(m, "prompts", true);
        Map<String, String> choices = new LinkedHashMap<>();
        YamlNode c = m.get("choices");
        if (!(c instanceof YamlNode.Mapping cm) || cm.fields().isEmpty()) {
            f.problem(m.keyAt("choices"), "menu '" + id + "' needs choices: key -> step");
        } else {
            for (Map.Entry<String, YamlNode> e : cm.fields().entrySet()) {
                Position keyAt = cm.keyAt(e.getKey());
                f.place(id + ".choices." + e.getKey(), keyAt);
                if (!e.getKey().matches("[0-9*#]")) {
                    f.problem(keyAt, "menu '" + id + "' choice '" + e.getKey()
                            + "' is not a single key 0-9, * or #");
                }
                if (e.getValue() instanceof YamlNode.Scalar s && s.text() != null) {
                    choices.put(e.getKey(), s.text());
                } else {
                    f.problem(e.getValue().at(), "menu '" + id + "' choice '" + e.getKey() + "' needs a step");
                }
            }
        }
        int timeout = f.integer(m, "timeout", 5, 1, 60);
        int retries = f.integer(m, "retries", 2, 0, 10);
        return new Step.Menu(id, prompts, choices, Duration.ofSeconds(timeout), retries,
                f.prompts(m, "invalid", false), f.prompts(m, "noInput", false), f.ref(m, "fallback"),
                f.variable(m, "saveAs", false));
    }

    private Step collect(YamlNode.Mapping m) {
        int min = f.integer(m, "minDigits", 1, 1, 32);
        int max = f.integer(m, "maxDigits", 16, 1, 32);
        if (max < min) {
            f.problem(m.keyAt("maxDigits"), "step '" + id + "' maxDigits is below minDigits");
        }
        String terminator = f.text(m, "terminator", false);
        if (terminator != null && !"#".equals(terminator)) {
            f.problem(m.get("terminator").at(), "step '" + id + "' terminator can only be '#'");
        }
        Pattern pattern = null;
        String p = f.text(m, "pattern", false);
        if (p != null) {
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                f.problem(m.get("pattern").at(), "step '" + id + "' has an invalid regular expression '" + p
                        + "': " + e.getDescription());
            }
        }
        return new Step.Collect(id, f.prompts(m, "prompts", true), f.variable(m, "into", true), min, max, pattern,
                Duration.ofSeconds(f.integer(m, "timeout", 5, 1, 60)), f.integer(m, "retries", 2, 0, 10),
                f.prompts(m, "invalid", false), f.prompts(m, "confirm", false), f.ref(m, "next"), f.ref(m, "fallback"));
    }

    private Step lookup(YamlNode.Mapping m) {
        Map<String, Expression> args = new LinkedHashMap<>();
        if (m.get("with") instanceof YamlNode.Mapping w) {
            for (Map.Entry<String, YamlNode> e : w.fields().entrySet()) {
                Expression x = f.expression(e.getValue(), "with." + e.getKey());
                if (x != null) {
                    args.put(e.getKey(), x);
                }
            }
        } else if (m.get("with") != null) {
            f.problem(m.get("with").at(), "step '" + id + "' with must map parameters to expressions");
        }
        double seconds = f.decimal(m, "timeout", 2, 0.1, 30);
        return new Step.Lookup(id, f.text(m, "query", true), args, f.variable(m, "into", false),
                Duration.ofMillis(Math.round(seconds * 1000)), f.ref(m, "next"), f.ref(m, "onError"));
    }

    private Step branch(YamlNode.Mapping m) {
        List<Step.Case> cases = new ArrayList<>();
        if (!(m.get("cases") instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            f.problem(m.keyAt("cases"), "branch '" + id + "' needs cases: [{if: condition, next: step}]");
        } else {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                f.place(id + ".cases." + i, item.at());
                if (!(item instanceof YamlNode.Mapping cm)) {
                    f.problem(item.at(), "branch '" + id + "' case " + (i + 1) + " must be {if: ..., next: ...}");
                    continue;
                }
                Expression when = f.expression(cm.get("if"), "if");
                if (cm.get("if") == null) {
                    f.problem(cm.at(), "branch '" + id + "' case " + (i + 1) + " needs if");
                }
                String next = cm.get("next") instanceof YamlNode.Scalar s ? s.text() : null;
                if (next == null) {
                    f.problem(cm.at(), "branch '" + id + "' case " + (i + 1) + " needs next");
                }
                if (when != null && next != null) {
                    cases.add(new Step.Case(when, next));
                }
            }
        }
        return new Step.Branch(id, cases, f.ref(m, "otherwise"));
    }

    private Step set(YamlNode.Mapping m) {
        Map<String, Expression> vars = new LinkedHashMap<>();
        if (m.get("variables") instanceof YamlNode.Mapping v) {
            for (Map.Entry<String, YamlNode> e : v.fields().entrySet()) {
                if (!FieldReader.VARIABLE.matcher(e.getKey()).matches()) {
                    f.problem(v.keyAt(e.getKey()), "'" + e.getKey() + "' is not a variable name");
                }
                Expression x = f.expression(e.getValue(), "variables." + e.getKey());
                if (x != null) {
                    vars.put(e.getKey(), x);
                }
            }
        }
        Expression priority = m.get("priority") == null ? null : f.expression(m.get("priority"), "priority");
        String language = f.text(m, "language", false);
        if (language != null && !language.matches("[a-z]{2}(_[A-Za-z]{2,})?")) {
            f.problem(m.get("language").at(), "step '" + id + "' language '" + language
                    + "' is not a language code like en or es_MX");
        }
        return new Step.Set(id, vars, priority, f.skills(m), language, f.ref(m, "next"));
    }

    private Step queue(YamlNode.Mapping m) {
        String queue = f.text(m, "queue", false);
        Expression queueFrom = m.get("queueFrom") == null ? null : f.expression(m.get("queueFrom"), "queueFrom");
        if ((queue == null) == (queueFrom == null)) {
            f.problem(m.keyAt("queue"), "queue step '" + id + "' needs either queue or queueFrom");
        }
        Integer priority = null;
        Expression priorityFrom = null;
        YamlNode p = m.get("priority");
        if (p instanceof YamlNode.Scalar s && s.isNumber()) {
            priority = f.integer(m, "priority", 0, -1000, 1000);
        } else if (p != null) {
            priorityFrom = f.expression(p, "priority");
        }
        String callbackKey = f.text(m, "callbackKey", false);
        if (callbackKey != null && !callbackKey.matches("[0-9*#]")) {
            f.problem(m.get("callbackKey").at(), "queue step '" + id + "' callbackKey must be one key");
        }
        String music = f.text(m, "music", false);
        if (music != null && !FieldReader.NAME.matcher(music).matches()) {
            f.problem(m.get("music").at(), "queue step '" + id + "' music class '" + music + "' is not a name");
        }
        return new Step.Queue(id, queue, queueFrom, priority, priorityFrom, f.skills(m), music,
                Duration.ofSeconds(f.integer(m, "announceEvery", 0, 0, 3600)), callbackKey, f.ref(m, "next"),
                f.ref(m, "fallback"), f.ref(m, "afterCallback"), variableNames(m, "whisper"),
                variableNames(m, "display"));
    }

    /**
     * A queue step's list of variable names ({@code whisper}, {@code display}); a bad item is a problem where it
     * is.
     */
    private List<String> variableNames(YamlNode.Mapping m, String field) {
        List<String> names = new ArrayList<>();
        YamlNode w = m.get(field);
        if (w instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar sc && sc.text() != null
                        && FieldReader.NAME.matcher(sc.text()).matches()) {
                    names.add(sc.text());
                } else {
                    f.problem(item.at(), "queue step '" + id + "' " + field + " must list variable names");
                }
            }
        } else if (w != null) {
            f.problem(w.at(), "queue step '" + id + "' " + field + " must be a list of variable names");
        }
        return names;
    }

    private Step transfer(YamlNode.Mapping m) {
        YamlNode to = m.get("to");
        Expression destination = null;
        if (to instanceof YamlNode.Scalar s && s.text() != null && s.text().matches("[0-9*#+]+")) {
            destination = Expression.literal(s.text());
        } else if (to != null) {
            destination = f.expression(to, "to");
        } else {
            f.problem(m.at(), "step '" + id + "' needs to");
        }
        return new Step.Transfer(id, destination, f.prompts(m, "prompts", false));
    }

    private Step survey(YamlNode.Mapping m) {
        Expression when = m.get("when") == null ? null : f.expression(m.get("when"), "when");
        List<Step.Question> questions = new ArrayList<>();
        if (!(m.get("questions") instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            f.problem(m.keyAt("questions"), "survey '" + id + "' needs questions: [{kind: csat, prompts: [...]}]");
        } else {
            for (YamlNode item : seq.items()) {
                if (!(item instanceof YamlNode.Mapping q)) {
                    f.problem(item.at(), "survey '" + id + "' question must be {kind: ..., prompts: [...]}");
                    continue;
                }
                String kind = f.text(q, "kind", true);
                SurveyKind k = null;
                try {
                    k = kind == null ? null : SurveyKind.valueOf(kind.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    f.problem(q.get("kind").at(), "survey '" + id + "' kind '" + kind + "' is not csat, nps or ces");
                }
                List<Prompt> prompts = f.prompts(q, "prompts", true);
                if (k != null) {
                    questions.add(new Step.Question(k, prompts));
                }
            }
        }
        return new Step.Survey(id, when, questions, f.ref(m, "next"));
    }

}
