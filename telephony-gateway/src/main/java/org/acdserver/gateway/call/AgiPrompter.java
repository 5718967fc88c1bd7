package org.acdserver.gateway.call;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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
    /** The channel variable Asterisk's {@code Read} leaves the keys in. */
    static final String KEYS_VARIABLE = "ACD_KEYS";
    /** A prompt that can go into {@code Read}'s list: no separator ({@code & , |}), quote or space in it. */
    private static final Pattern LISTABLE = Pattern.compile("[^&,|\"\\s]+");
    private static final Pattern KEYS = Pattern.compile("[0-9*#]*");

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

    /** The session's event loop, where its replies complete. */
    EventLoop eventLoop() {
        return session.eventLoop();
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

    /**
     * Plays the prompts and waits for keys as one Asterisk operation ({@code Read} with the prompts joined by
     * {@code &}), so a key pressed at any point, in a prompt, between two of them or in the wait after, counts:
     * nothing lies between commands for a key to fall into. Up to {@code maxDigits} keys, the wait being
     * {@code timeout} after the last prompt and between keys. For one key every key counts, {@code #} too (a menu may
     * offer it); for more, {@code #} ends the entry and is not returned. The prompts follow the channel's language, as
     * {@code STREAM FILE} does, and a missing one is skipped. Completes with the keys, or "" for none;
     * {@link CallerHungUpException} when the caller left.
     *
     * <p>Two commands: {@code EXEC Read} and then {@code GET FULL VARIABLE} for the keys and {@code READSTATUS}
     * together; no key is expected between them, the read being over.
     */
    CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        List<String> files = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            if (LISTABLE.matcher(p).matches()) {
                files.add(p);
            } else {
                LOG.warn("call {}: prompt '{}' cannot be played in a list and is skipped", callId, p);
            }
        }
        String options = maxDigits <= 1 ? "t()" : "";
        String seconds = String.format(Locale.ROOT, "%.3f", Math.max(0, timeout.toMillis()) / 1000.0);
        String read = "EXEC Read \"" + KEYS_VARIABLE + "," + String.join("&", files) + "," + Math.max(1, maxDigits)
                + "," + options + ",1," + seconds + "\"";
        return command(read).thenCompose(r -> {
            if (r.result() < 0 && r.result() != -2) {
                throw new CompletionException(new CallerHungUpException());
            }
            return command("GET FULL VARIABLE \"${" + KEYS_VARIABLE + "}|${READSTATUS}\"");
        }).thenApply(reply -> {
            String value = reply.data() == null ? "" : reply.data();
            int bar = value.lastIndexOf('|');
            String keys = bar < 0 ? value : value.substring(0, bar);
            String status = bar < 0 ? "" : value.substring(bar + 1);
            if ("HANGUP".equals(status)) {
                throw new CompletionException(new CallerHungUpException());
            }
            if ("ERROR".equals(status) || !KEYS.matcher(keys).matches()) {
                LOG.warn("call {}: reading keys failed ({}); taken as no keys", callId, value);
                return "";
            }
            return keys;
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
