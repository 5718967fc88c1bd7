package org.acdserver.flow.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A compiled condition or value of the flow language: literals, variables, comparisons, {@code and}/{@code or}/
 * {@code not}, arithmetic and a fixed list of string and number functions. It can only read the variables it is
 * given: there is no reflection, no method call on Java objects, and no access to files or the network.
 *
 * <p>Values are strings, numbers and booleans. Variables hold text; a comparison is numeric when both sides read as
 * numbers, and textual otherwise. An unset variable reads as the empty string.
 */
public final class Expression {

    /** The functions an expression may call, by name, with their number of arguments (min, max). */
    static final Map<String, int[]> FUNCTIONS = Map.ofEntries(
            Map.entry("len", new int[] {1, 1}), Map.entry("upper", new int[] {1, 1}),
            Map.entry("lower", new int[] {1, 1}), Map.entry("trim", new int[] {1, 1}),
            Map.entry("contains", new int[] {2, 2}), Map.entry("startsWith", new int[] {2, 2}),
            Map.entry("endsWith", new int[] {2, 2}), Map.entry("substr", new int[] {2, 3}),
            Map.entry("number", new int[] {1, 1}), Map.entry("isNumber", new int[] {1, 1}),
            Map.entry("round", new int[] {1, 2}), Map.entry("abs", new int[] {1, 1}),
            Map.entry("min", new int[] {2, 2}), Map.entry("max", new int[] {2, 2}),
            Map.entry("empty", new int[] {1, 1}), Map.entry("matches", new int[] {2, 2}));

    private final String text;
    private final Node root;
    private final Set<String> variables;

    Expression(String text, Node root, Set<String> variables) {
        this.text = text;
        this.root = root;
        this.variables = variables;
    }

    /** Parses an expression; the exception tells where it went wrong. */
    public static Expression parse(String text) throws ExpressionException {
        return new ExpressionParser(text).parse();
    }

    /** An expression that is just a constant text. */
    public static Expression literal(String value) {
        return new Expression("'" + value + "'", new Node.Literal(value), Set.of());
    }

    /** The text it was parsed from. */
    public String text() {
        return text;
    }

    /** The variables it reads. */
    public Set<String> variables() {
        return variables;
    }

    /** Evaluates it to a value: a String, a BigDecimal or a Boolean. */
    public Object evaluate(Function<String, String> vars) {
        return eval(root, vars);
    }

    /** Evaluates it as a condition. */
    public boolean test(Function<String, String> vars) {
        return truthy(evaluate(vars));
    }

    /** Evaluates it as text (numbers without trailing zeros). */
    public String evaluateText(Function<String, String> vars) {
        return text(evaluate(vars));
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- evaluation ---------------------------------------------------------------------------------------------

    /** The parsed tree. */
    sealed interface Node {
        record Literal(Object value) implements Node {
        }

        record Variable(String name) implements Node {
        }

        record Not(Node operand) implements Node {
        }

        record Negate(Node operand) implements Node {
        }

        record Binary(String op, Node left, Node right) implements Node {
        }

        record Call(String function, List<Node> args, Pattern pattern) implements Node {
        }
    }

    private static Object eval(Node n, Function<String, String> vars) {
        return switch (n) {
            case Node.Literal l -> l.value();
            case Node.Variable v -> {
                String value = vars.apply(v.name());
                yield value == null ? "" : value;
            }
            case Node.Not x -> !truthy(eval(x.operand(), vars));
            case Node.Negate x -> number(eval(x.operand(), vars)).negate();
            case Node.Binary b -> binary(b, vars);
            case Node.Call c -> call(c, vars);
        };
    }

    private static Object binary(Node.Binary b, Function<String, String> vars) {
        switch (b.op()) {
            case "and" -> {
                return truthy(eval(b.left(), vars)) && truthy(eval(b.right(), vars));
            }
            case "or" -> {
                return truthy(eval(b.left(), vars)) || truthy(eval(b.right(), vars));
            }
            default -> {
            }
        }
        Object l = eval(b.left(), vars);
        Object r = eval(b.right(), vars);
        return switch (b.op()) {
            case "==" -> compare(l, r) == 0;
            case "!=" -> compare(l, r) != 0;
            case "<" -> compare(l, r) < 0;
            case "<=" -> compare(l, r) <= 0;
            case ">" -> compare(l, r) > 0;
            case ">=" -> compare(l, r) >= 0;
            // A quoted text on either side makes + join texts ('0' + caller keeps the zero); otherwise numbers add.
            case "+" -> !isText(b.left()) && !isText(b.right()) && asNumber(l) != null && asNumber(r) != null
                    ? asNumber(l).add(asNumber(r)) : text(l) + text(r);
            case "-" -> number(l).subtract(number(r));
            case "*" -> number(l).multiply(number(r));
            case "/" -> number(r).signum() == 0 ? BigDecimal.ZERO
                    : number(l).divide(number(r), 10, RoundingMode.HALF_EVEN).stripTrailingZeros();
            case "%" -> number(r).signum() == 0 ? BigDecimal.ZERO : number(l).remainder(number(r));
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    private static boolean isText(Node n) {
        return n instanceof Node.Literal lit && lit.value() instanceof String;
    }

    private static Object call(Node.Call c, Function<String, String> vars) {
        Object[] a = new Object[c.args().size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = eval(c.args().get(i), vars);
        }
        return switch (c.function()) {
            case "len" -> BigDecimal.valueOf(text(a[0]).length());
            case "upper" -> text(a[0]).toUpperCase(Locale.ROOT);
            case "lower" -> text(a[0]).toLowerCase(Locale.ROOT);
            case "trim" -> text(a[0]).strip();
            case "contains" -> text(a[0]).contains(text(a[1]));
            case "startsWith" -> text(a[0]).startsWith(text(a[1]));
            case "endsWith" -> text(a[0]).endsWith(text(a[1]));
            case "substr" -> substr(text(a[0]), number(a[1]).intValue(),
                    a.length > 2 ? number(a[2]).intValue() : Integer.MAX_VALUE);
            case "number" -> number(a[0]);
            case "isNumber" -> asNumber(a[0]) != null;
            case "round" -> number(a[0]).setScale(a.length > 1 ? number(a[1]).intValue() : 0, RoundingMode.HALF_UP);
            case "abs" -> number(a[0]).abs();
            case "min" -> number(a[0]).min(number(a[1]));
            case "max" -> number(a[0]).max(number(a[1]));
            case "empty" -> text(a[0]).isEmpty();
            case "matches" -> c.pattern().matcher(text(a[0])).matches();
            default -> throw new IllegalStateException("function " + c.function());
        };
    }

    private static String substr(String s, int from, int to) {
        int f = Math.max(0, Math.min(from, s.length()));
        int t = Math.max(f, Math.min(to, s.length()));
        return s.substring(f, t);
    }

    private static int compare(Object l, Object r) {
        BigDecimal a = asNumber(l);
        BigDecimal b = asNumber(r);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return text(l).compareTo(text(r));
    }

    /** True for true, non-zero numbers and text other than "", "false" and "0". */
    public static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        String s = text(v);
        return !s.isEmpty() && !"false".equalsIgnoreCase(s) && !"0".equals(s);
    }

    /** A value as text: numbers plainly, without trailing zeros. */
    public static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return v == null ? "" : v.toString();
    }

    private static BigDecimal asNumber(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Boolean) {
            return null;
        }
        String s = text(v).strip();
        if (s.isEmpty() || s.length() > 40 || !s.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    private static BigDecimal number(Object v) {
        BigDecimal d = asNumber(v);
        return d == null ? BigDecimal.ZERO : d;
    }
}
