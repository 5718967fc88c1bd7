package org.acdserver.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.spy.SpyRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every answer is written: JSON by Jackson (instants as ISO-8601 text), a command's outcome as
 * {@code {"message": ...}}, a refusal as {@code {"error": ...}}. Work finished on another thread (the routing thread,
 * the database pool) is brought back to the request's event loop before the answer is written.
 */
final class Replies {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    /** Reads request bodies: an unknown field is an error, so a misspelt one is not silently ignored. */
    private static final ObjectMapper READER = JSON.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    /** A command's outcome. */
    record Message(String message) {
    }

    /** Why a request was refused or failed. */
    record Problem(String error) {
    }

    private Replies() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            ctx.fail(500, e);
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Buffer.buffer(bytes));
    }

    static void message(RoutingContext ctx, int status, String message) {
        json(ctx, status, new Message(message));
    }

    static void error(RoutingContext ctx, int status, String error) {
        json(ctx, status, new Problem(error));
    }

    static void text(RoutingContext ctx, String contentType, String body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }

    /**
     * The stage's result, delivered on the request's own event loop to {@code onSuccess}; a failure is answered by
     * its kind: 400 for bad input, 403 for a request the caller may not make, 404 for something that does not exist,
     * 409 for a listen that cannot be done now,
     * 503 for work refused for load, 500 (logged) for anything else.
     */
    static <T> void answer(RoutingContext ctx, CompletionStage<T> stage, Handler<T> onSuccess) {
        Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.succeeded()) {
                onSuccess.handle(done.result());
            } else {
                failure(ctx, done.cause());
            }
        });
    }

    /** Answers a failed request by the failure's kind (see {@link #answer}). */
    static void failure(RoutingContext ctx, Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        switch (e) {
            case IllegalArgumentException bad -> error(ctx, 400, bad.getMessage());
            case AccessDeniedException denied -> error(ctx, 403, denied.getMessage());
            case NoSuchElementException missing -> error(ctx, 404, missing.getMessage());
            case SpyRefusedException refused -> error(ctx, 409, refused.getMessage());
            case RejectedExecutionException busy -> error(ctx, 503, busy.getMessage());
            default -> {
                LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
                error(ctx, 500, ctx.request().method() + " " + ctx.request().path() + " failed: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * The request's JSON body as a {@code type}; null (with the request answered 415 or 400) when it is not JSON or
     * does not fit. A body must say it is JSON: a form another site's page posts cannot.
     */
    static <T> T body(RoutingContext ctx, Class<T> type) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(ctx, 415, "send the body as JSON (Content-Type: application/json)");
            return null;
        }
        try {
            Buffer body = ctx.body().buffer();
            return READER.readValue(body == null ? new byte[0] : body.getBytes(), type);
        } catch (JsonProcessingException e) {
            error(ctx, 400, "the body is not the JSON expected: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            error(ctx, 400, "the body cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** The stage's result, delivered on the request's own event loop; a failure becomes a 503 naming it. */
    static <T> Future<T> onEventLoop(RoutingContext ctx, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                .onFailure(e -> error(ctx, 503, (e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e).toString()));
    }
}
