package org.acdserver.gateway.call;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.acdserver.flow.CallChannel;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.Prompt;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.flow.Recording;
import org.acdserver.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live call as its flow sees it: the flow's {@link CallChannel} implemented with AGI commands (prompts, key reads,
 * spoken values, recordings, language, transfer, hang-up). A queue step hands the call to its {@link CallLife}, the
 * state machine of its life in queues, which also writes the call's record when the flow ends.
 *
 * <p>Everything runs on the AGI session's event loop.
 */
public final class AgiCallChannel implements CallChannel {

    private static final Logger LOG = LoggerFactory.getLogger(AgiCallChannel.class);
    /** The dialplan context transfers continue in (see config/asterisk/extensions_acd.conf). */
    private static final String TRANSFER_CONTEXT = "acd-transfer";

    private final AgiPrompter prompter;
    private final CallLife life;
    private final String callId;

    public AgiCallChannel(AgiSession session, CallServices services) {
        this.prompter = new AgiPrompter(session);
        this.callId = session.request().uniqueId();
        this.life = new CallLife(session, prompter, services);
    }

    public String callId() {
        return callId;
    }

    /** The call as the routing core and the manager connection see it. */
    QueuedCall queuedCall() {
        return life;
    }

    @Override
    public CompletionStage<String> play(List<String> prompts, String escapeDigits) {
        return prompter.stream(prompts, escapeDigits);
    }

    @Override
    public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
        // The prompts and the wait in one Read: a key at a prompt boundary is not lost between two commands.
        return prompter.read(prompts, maxDigits, timeout);
    }

    @Override
    public CompletionStage<Void> hangup() {
        return prompter.command("HANGUP").handle((r, err) -> null);
    }

    @Override
    public CompletionStage<String> say(Prompt.SayKind kind, String value, String escapeDigits) {
        String v = value == null ? "" : value.strip();
        String command = switch (kind) {
            case NUMBER -> v.matches("-?[0-9]{1,15}") ? "SAY NUMBER " + v : null;
            case DIGITS -> v.matches("[0-9*#]{1,64}") ? "SAY DIGITS " + v : null;
            case ALPHA -> v.matches("[A-Za-z0-9]{1,64}") ? "SAY ALPHA " + v : null;
            case DATE -> sayDate(v);
            case CURRENCY -> null; // The flow speaks amounts as a number and unit prompts.
        };
        if (command == null) {
            // Caller data of the wrong shape is skipped, never written into a command line.
            LOG.warn("call {}: cannot say {} '{}'", callId, kind, v);
            return CompletableFuture.completedFuture("");
        }
        return prompter.command(command + " \"" + escapeDigits + "\"").thenApply(reply -> {
            if (reply.result() < 0) {
                throw new CompletionException(new CallerHungUpException());
            }
            return AgiPrompter.key(reply);
        });
    }

    private static String sayDate(String isoDate) {
        try {
            // Noon UTC: the date stays the same in every time zone Asterisk may speak it in.
            long epoch = LocalDate.parse(isoDate).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
            return "SAY DATE " + epoch;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public CompletionStage<Void> language(String language) {
        if (!language.matches("[a-z]{2}(_[A-Za-z]{2,})?")) {
            return CompletableFuture.completedFuture(null);
        }
        return prompter.command("SET VARIABLE CHANNEL(language) " + language).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Recording> record(String mailbox, Duration maxLength) {
        String box = mailbox.replaceAll("[^A-Za-z0-9_-]", "_");
        // Relative names land in Asterisk's sounds directory, which always exists.
        String file = "acd-voicemail-" + box + "-" + callId.replaceAll("[^A-Za-z0-9_-]", "-");
        return prompter.command("RECORD FILE " + file + " wav \"#\" " + maxLength.toMillis() + " BEEP s=5")
                .thenApply(reply -> {
                    if (reply.result() < 0) {
                        throw new CompletionException(new CallerHungUpException());
                    }
                    // endpos counts 8 kHz samples.
                    double seconds = reply.endpos() > 0 ? reply.endpos() / 8000.0 : 0;
                    return new Recording(mailbox, file, "wav", seconds);
                });
    }

    @Override
    public CompletionStage<Void> transfer(String destination) {
        // The AGI step ends after this and the dialplan goes on at the destination in the transfer context.
        return prompter.command("SET CONTEXT " + TRANSFER_CONTEXT)
                .thenCompose(r -> prompter.command("SET EXTENSION " + destination))
                .thenCompose(r -> prompter.command("SET PRIORITY 1")).thenApply(r -> null);
    }

    @Override
    public CompletionStage<QueueResult> queue(QueueRequest request) {
        return life.queue(request);
    }

    /** Writes the call's one interaction record; later calls do nothing. Call it on the session's event loop. */
    public void finish(FlowOutcome outcome) {
        life.finish(outcome);
    }

    /**
     * The server shuts down: hands the caller back to the dialplan's fallback unless they talk to an agent (see
     * {@link CallLife#shutdown()}). Completes once handed back and recorded, or once with an agent. Any thread.
     */
    public CompletableFuture<Void> shutdown() {
        return life.shutdown();
    }

    /** Completes when the call's one record is written. */
    public CompletableFuture<Void> recorded() {
        return life.recorded();
    }
}
