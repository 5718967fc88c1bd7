package org.acdserver.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acdserver.gateway.config.InvalidConfigurationException;

/**
 * How the REST API answers a failure: a configuration that would not load is 422 with the loader's message and each
 * problem's file, line and column; anything else as {@link Replies#failure} answers it (400, 403, 404, 503, 500).
 */
final class ApiReplies {

    /** {@code file:line:column: problem} (column optional), as the configuration's errors name places. */
    private static final Pattern PLACE = Pattern.compile("^(.+?):(\\d+)(?::(\\d+))?: (.*)$");

    /** One problem of a configuration, placed where the loader placed it (line and column 0 when unknown). */
    record Problem(String file, int line, int column, String message) {
    }

    /** The answer to an invalid configuration. */
    record Invalid(String error, List<Problem> problems) {
    }

    private ApiReplies() {
    }

    static void failure(RoutingContext ctx, Throwable failure) {
        if (failure instanceof InvalidConfigurationException invalid) {
            Replies.json(ctx, 422, invalid(invalid.getMessage()));
        } else {
            Replies.failure(ctx, failure);
        }
    }

    /** The loader's message, one problem a line, split into places. */
    static Invalid invalid(String message) {
        List<Problem> problems = new ArrayList<>();
        for (String line : message.split("\n")) {
            Matcher m = PLACE.matcher(line);
            if (m.matches()) {
                problems.add(new Problem(m.group(1), Integer.parseInt(m.group(2)),
                        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4)));
            } else if (!line.isBlank()) {
                problems.add(new Problem(null, 0, 0, line));
            }
        }
        return new Invalid(message, problems);
    }
}
