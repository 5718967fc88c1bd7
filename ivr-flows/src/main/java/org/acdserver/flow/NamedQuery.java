package org.acdserver.flow;

import java.util.List;
import java.util.Locale;

/**
 * A query administrators name in {@code queries.yaml} and flows call by that name. Its SQL has one {@code ?} per
 * parameter, bound in the order of {@code parameters}; no text is ever spliced into it.
 *
 * @param name       what lookup steps call it
 * @param sql        a single SELECT (or WITH ... SELECT) statement
 * @param parameters the parameter names, in the order of the {@code ?} marks
 */
public record NamedQuery(String name, String sql, List<String> parameters) {

    public NamedQuery {
        parameters = List.copyOf(parameters);
        String head = sql == null ? "" : sql.strip().toLowerCase(Locale.ROOT);
        if (!head.startsWith("select") && !head.startsWith("with")) {
            throw new IllegalArgumentException("query '" + name + "' must be a SELECT");
        }
        if (sql.contains(";")) {
            throw new IllegalArgumentException("query '" + name + "' must be one statement, without ';'");
        }
        long marks = sql.chars().filter(c -> c == '?').count();
        if (marks != parameters.size()) {
            throw new IllegalArgumentException("query '" + name + "' has " + marks + " ? marks but "
                    + parameters.size() + " parameters");
        }
    }
}
