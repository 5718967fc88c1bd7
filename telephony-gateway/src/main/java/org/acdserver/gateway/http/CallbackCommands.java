package org.acdserver.gateway.http;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.acdserver.gateway.callback.CallbackView;

/**
 * What the callback endpoints ask of the server; each answer arrives when the store and the routing core have acted.
 *
 * @param find       the callback as it stands, if there is one with that id
 * @param cancel     true when a pending callback was cancelled
 * @param reschedule true when a pending callback was moved; a null instant means as soon as the queue is open
 */
public record CallbackCommands(Function<String, CompletableFuture<Optional<CallbackView>>> find,
                               Function<String, CompletableFuture<Boolean>> cancel,
                               BiFunction<String, Instant, CompletableFuture<Boolean>> reschedule) {
}
