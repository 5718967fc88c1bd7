package org.acdserver.flow.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent over the expression grammar, lowest precedence first:
 * {@code or}, {@code and}, {@code not}, comparisons, {@code + -}, {@code * / %}, unary minus, then literals
 * ({@code 12}, {@code 'text'}, {@code "text"}, {@code true}, {@code false}), variables ({@code customer.vip}),
 * function calls and parentheses.
 */
final class ExpressionParser {

    private static final int MAX_LENGTH = 2_000;
    private static final int MAX_DEPTH = 50;

    private final String s;
    private final Set<String> variables = new LinkedHashSet<>();
    private int pos;
    private int depth;

    ExpressionParser(String text) {
        this.s = text == null ? "" : text;
    }

    Expression parse() throws ExpressionException {
        if (s.isBlank()) {
            throw new ExpressionException("empty expression", 0);
        }
        if (s.length() > MAX_LENGTH) {
            throw new ExpressionException("expression longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        Expression.Node root = or();
        skip();
        if (pos < s.length()) {
            throw new ExpressionException("unexpected '" + s.charAt(pos) + "'", pos);
        }
        return new Expression(s, root, Set.copyOf(variables));
    }

    private Expression.Node or() throws ExpressionException {
        Expression.Node left = and();
        while (word("or")) {
            left = new Expression.Node.Binary("or", left, and());
        }
        return left;
    }

    private Expression.Node and() throws ExpressionException {
        Expression.Node left = not();
        while (word("and")) {
            left = new Expression.Node.Binary("and", left, not());
        }
        return left;
    }

    private Expression.Node not() throws ExpressionException {
        if (word("not")) {
            enter();
            Expression.Node n = new Expression.Node.Not(not());
            depth--;
            return n;
        }
        return comparison();
    }

    private Expression.Node comparison() throws ExpressionException {
        Expression.Node left = additive();
        for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (symbol(op)) {
                return new Expression.Node.Binary(op, left, additive());
            }
        }
        return left;
    }

    private Expression.Node additive() throws ExpressionException {
        Expression.Node left = multiplicative();
        while (true) {
            if (symbol("+")) {
                left = new Expression.Node.Binary("+", left, multiplicative());
            } else if (symbol("-")) {
                left = new Expression.Node.Binary("-", left, multiplicative());
            } else {
                return left;
            }
        }
    }

    private Expression.Node multiplicative() throws ExpressionException {
        Expression.Node left = unary();
        while (true) {
            String op = symbol("*") ? "*" : symbol("/") ? "/" : symbol("%") ? "%" : null;
            if (op == null) {
                return left;
            }
            left = new Expression.Node.Binary(op, left, unary());
        }
    }

    private Expression.Node unary() throws ExpressionException {
        if (symbol("-")) {
            enter();
            Expression.Node n = new Expression.Node.Negate(unary());
            depth--;
            return n;
        }
        return primary();
    }

    private Expression.Node primary() throws ExpressionException {
        skip();
        if (pos >= s.length()) {
            throw new ExpressionException("expression ends too early", pos);
        }
        char c = s.charAt(pos);
        if (c == '(') {
            pos++;
            enter();
            Expression.Node inner = or();
            depth--;
            expect(')');
            return inner;
        }
        if (c == '\'' || c == '"') {
            return new Expression.Node.Literal(string(c));
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            try {
                return new Expression.Node.Literal(new BigDecimal(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw new ExpressionException("bad number '" + s.substring(start, pos) + "'", start);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                    || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.equals("true") || name.equals("false")) {
                return new Expression.Node.Literal(Boolean.valueOf(name));
            }
            if (name.equals("and") || name.equals("or") || name.equals("not")) {
                throw new ExpressionException("'" + name + "' needs a value before it", start);
            }
            skip();
            if (pos < s.length() && s.charAt(pos) == '(') {
                return call(name, start);
            }
            variables.add(name);
            return new Expression.Node.Variable(name);
        }
        throw new ExpressionException("unexpected '" + c + "'", pos);
    }

    private Expression.Node call(String name, int start) throws ExpressionException {
        int[] arity = Expression.FUNCTIONS.get(name);
        if (arity == null) {
            throw new ExpressionException("unknown function '" + name + "' (known: "
                    + String.join(", ", new TreeSet<>(Expression.FUNCTIONS.keySet())) + ")", start);
        }
        pos++;
        enter();
        List<Expression.Node> args = new ArrayList<>();
        skip();
        if (pos < s.length() && s.charAt(pos) == ')') {
            pos++;
        } else {
            do {
                args.add(or());
            } while (symbol(","));
            expect(')');
        }
        depth--;
        if (args.size() < arity[0] || args.size() > arity[1]) {
            throw new ExpressionException("function '" + name + "' takes " + (arity[0] == arity[1]
                    ? String.valueOf(arity[0]) : arity[0] + " or " + arity[1]) + " arguments", start);
        }
        Pattern pattern = null;
        if (name.equals("matches")) {
            // Only a literal pattern: a pattern built from caller input could be made to run for ever.
            if (!(args.get(1) instanceof Expression.Node.Literal l) || !(l.value() instanceof String p)) {
                throw new ExpressionException("matches() needs a quoted pattern as its second argument", start);
            }
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new ExpressionException("invalid regular expression '" + p + "': " + e.getDescription(),
                        start);
            }
        }
        return new Expression.Node.Call(name, List.copyOf(args), pattern);
    }

    private String string(char quote) throws ExpressionException {
        int start = pos++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != quote) {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            b.append(c);
        }
        if (pos >= s.length()) {
            throw new ExpressionException("text opened here is not closed", start);
        }
        pos++;
        return b.toString();
    }

    private void enter() throws ExpressionException {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("expression nested too deeply", pos);
        }
    }

    private void expect(char c) throws ExpressionException {
        skip();
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw new ExpressionException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private boolean symbol(String op) {
        skip();
        if (s.startsWith(op, pos)) {
            // "<" must not eat the start of "<=", which the caller tries first anyway.
            pos += op.length();
            return true;
        }
        return false;
    }

    private boolean word(String w) {
        skip();
        if (s.startsWith(w, pos)) {
            int end = pos + w.length();
            if (end >= s.length() || !(Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
