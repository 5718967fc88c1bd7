package org.acdserver.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

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

    /** The stage's result, delivered on the request's own event loop; a failure becomes a 503 naming it. */
    static <T> Future<T> onEventLoop(RoutingContext ctx, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                .onFailure(e -> error(ctx, 503, (e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e).toString()));
    }
}
