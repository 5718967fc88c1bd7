package org.acdserver.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.acdserver.flow.expr.Expression;
import org.acdserver.flow.expr.ExpressionException;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.YamlNode;

/**
 * Reads the fields of one flow file (plain values, whole numbers in a range, variable names, expressions, prompts,
 * skill levels) and collects a problem, with its position, for each field that is wrong instead of stopping at the
 * first. Remembers where every step and field is written, for messages found later.
 */
final class FieldReader {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    // Prompt names reach AGI command lines: nothing that could end or split a command.
    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/.-]+");

    private final String source;
    private final List<FlowProblem> problems;
    private final Map<String, Position> places = new LinkedHashMap<>();
    private String id;

    FieldReader(String source, List<FlowProblem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The step whose fields are read next, named in messages; null for the flow's own fields. */
    void enter(String stepId) {
        this.id = stepId;
    }

    /** Remembers where a step ({@code id}) or a field ({@code id.field}) is written. */
    void place(String key, Position at) {
        places.put(key, at);
    }

    /** Where every step and field is written, in file order. */
    Map<String, Position> places() {
        return places;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<FlowProblem> problems() {
        return problems;
    }

    void problem(Position at, String message) {
        problems.add(new FlowProblem(source, at, message));
    }

    Map<String, Integer> skills(YamlNode.Mapping m) {
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

    List<Prompt> prompts(YamlNode.Mapping m, String field, boolean required) {
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

    Expression expression(YamlNode n, String field) {
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

    String ref(YamlNode.Mapping m, String field) {
        return text(m, field, false);
    }

    String variable(YamlNode.Mapping m, String field, boolean required) {
        String v = text(m, field, required);
        if (v != null && !VARIABLE.matcher(v).matches()) {
            problem(m.get(field).at(), "step '" + id + "' " + field + " '" + v + "' is not a variable name");
            return null;
        }
        return v;
    }

    String text(YamlNode.Mapping m, String field, boolean required) {
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

    int integer(YamlNode.Mapping m, String field, int fallback, int min, int max) {
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

    double decimal(YamlNode.Mapping m, String field, double fallback, double min, double max) {
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

}
