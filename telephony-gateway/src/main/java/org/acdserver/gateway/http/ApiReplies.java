package org.acdserver.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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
        } else if (failure instanceof EditRefused refused) {
            Replies.error(ctx, refused.status(), refused.getMessage());
        } else {
            Replies.failure(ctx, failure);
        }
    }

    /** Runs blocking work on a worker thread; its result goes to {@code answer}, a failure to {@link #failure}. */
    static <T> void blocking(RoutingContext ctx, Callable<T> work, Handler<T> answer) {
        ctx.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.succeeded()) {
                answer.handle(done.result());
            } else {
                failure(ctx, done.cause());
            }
        });
    }

    /** An entity tag for a value: the start of the SHA-256 of its text, quoted. */
    static String etag(String text) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 24) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses a change of something whose tag is {@code current} unless the request's {@code If-Match} names it (or
     * is {@code *}): 428 without one, 412 for another one.
     */
    static void requireMatch(String ifMatch, String current, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new EditRefused(428, "send If-Match with the ETag of " + what + " as you read it (or * to"
                    + " overwrite whatever is there)");
        }
        if (!ifMatch.strip().equals("*") && !List.of(ifMatch.split(",")).stream().map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t).toList().contains(current)) {
            throw new EditRefused(412, what + " changed since you read it (now " + current + ", your If-Match "
                    + ifMatch.strip() + "); read it again and redo your change");
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
