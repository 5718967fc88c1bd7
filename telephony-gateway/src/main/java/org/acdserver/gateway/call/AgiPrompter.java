package org.acdserver.gateway.call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's side of one AGI session as prompts and keys: the commands every part of a call uses, where a dead
 * channel or a closed connection becomes {@link CallerHungUpException}.
 */
final class AgiPrompter {

    private static final Logger LOG = LoggerFactory.getLogger(AgiPrompter.class);
    static final String ALL_KEYS = "0123456789*#";

    private final AgiSession session;
    private final String callId;

    AgiPrompter(AgiSession session) {
        this.session = session;
        this.callId = session.request().uniqueId();
    }

    /** Sends a command; a dead channel or a closed connection becomes {@link CallerHungUpException}. */
    CompletableFuture<AgiReply> command(String line) {
        return session.send(line).handle((reply, err) -> {
            if (err != null || reply.channelDead()) {
                throw new CompletionException(new CallerHungUpException());
            }
            return reply;
        });
    }

    /**
     * Writes a command into a running {@code WAIT FOR DIGIT}, which ends it at once (see
     * {@link AgiSession#interruptWith}); the reply is the command's own, unmapped.
     */
    CompletableFuture<AgiReply> interruptWith(String line) {
        return session.interruptWith(line);
    }

    /** Plays prompts in order until a key in {@code escapeDigits} cuts one short; completes with it, or "". */
    CompletionStage<String> stream(List<String> prompts, String escapeDigits) {
        return streamFrom(prompts, 0, escapeDigits);
    }

    private CompletionStage<String> streamFrom(List<String> prompts, int index, String escapeDigits) {
        if (index >= prompts.size()) {
            return CompletableFuture.completedFuture("");
        }
        return command("STREAM FILE " + prompts.get(index) + " \"" + escapeDigits + "\"").thenCompose(reply -> {
            int result = reply.result();
            if (result > 0) {
                return CompletableFuture.completedFuture(String.valueOf((char) result));
            }
            if (result < 0) {
                // -1 also means "no such prompt"; a dead channel shows itself on the next command.
                LOG.warn("call {}: prompt {} could not be played", callId, prompts.get(index));
            }
            return streamFrom(prompts, index + 1, escapeDigits);
        });
    }

    /** Plays a prompt and reads up to {@code maxDigits} keys; {@link CallerHungUpException} if the caller left. */
    CompletionStage<String> getData(String prompt, int maxDigits, Duration timeout) {
        return command("GET DATA " + prompt + " " + timeout.toMillis() + " " + maxDigits).thenApply(reply -> {
            String digits = resultText(reply);
            if ("-1".equals(digits)) {
                throw new CallerHungUpException();
            }
            return digits;
        });
    }

    /** The key that cut a prompt or a wait short ({@code result} is its character code), or "" for none. */
    static String key(AgiReply reply) {
        return reply.result() > 0 ? String.valueOf((char) reply.result()) : "";
    }

    /** The raw text after {@code result=}, since GET DATA returns keys such as {@code *5} that are no number. */
    static String resultText(AgiReply reply) {
        String line = reply.lines().isEmpty() ? "" : reply.lines().get(0);
        int at = line.indexOf("result=");
        if (at < 0) {
            return "";
        }
        int end = line.indexOf(' ', at);
        return end < 0 ? line.substring(at + 7) : line.substring(at + 7, end);
    }
}
