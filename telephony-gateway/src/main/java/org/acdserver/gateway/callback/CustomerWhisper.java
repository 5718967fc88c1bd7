package org.acdserver.gateway.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.agi.AgiSession;

/**
 * What the agent of a callback hears before the customer is dialed, as AGI commands: "calling", the queue spelled
 * out, the customer's number as digits, then each piece of customer data the flow chose (numbers as numbers, short
 * codes spelled out), each part only when the queue's whisper lists it. Values of any other shape are left out
 * rather than written into a command line.
 */
final class CustomerWhisper {

    private CustomerWhisper() {
    }

    /**
     * Plays the whisper to the agent, each command once the previous one is answered, so that a flow's customer data
     * of any length is heard whole (the session queues only a few commands behind the one running). Completes with
     * true once all of it was played, and with false, at once, when the agent's channel is gone (the agent hung up,
     * or the session closed); never exceptionally.
     */
    static CompletableFuture<Boolean> play(AgiSession session, CallbackTicket ticket, Set<WhisperPart> parts) {
        return playFrom(session, commands(ticket, parts), 0);
    }

    private static CompletableFuture<Boolean> playFrom(AgiSession session, List<String> commands, int next) {
        if (next == commands.size()) {
            return CompletableFuture.completedFuture(true);
        }
        return session.send(commands.get(next))
                // A result of -1 alone may be a missing sound file; the HANGUP line or 511 tells the agent left.
                .handle((reply, err) -> err == null && !reply.channelDead() && !session.hungUp())
                .thenCompose(on -> on ? playFrom(session, commands, next + 1)
                        : CompletableFuture.completedFuture(false));
    }

    static List<String> commands(CallbackTicket ticket, Set<WhisperPart> parts) {
        List<String> commands = new ArrayList<>();
        if (parts.contains(WhisperPart.CALLING)) {
            commands.add("STREAM FILE calling \"\"");
        }
        if (parts.contains(WhisperPart.QUEUE)) {
            commands.add("SAY ALPHA " + ticket.queue() + " \"\"");
        }
        if (parts.contains(WhisperPart.NUMBER)) {
            commands.add("SAY DIGITS " + ticket.number() + " \"\"");
        }
        if (!parts.contains(WhisperPart.DATA)) {
            return commands;
        }
        for (Map.Entry<String, String> e : ticket.customerData().entrySet()) {
            String command = say(e.getValue().strip());
            if (command != null) {
                commands.add(command + " \"\"");
            }
        }
        return commands;
    }

    private static String say(String value) {
        if (value.matches("-?[0-9]{1,12}(\\.[0-9]+)?")) {
            // Amounts are spoken in whole units, as the flow's own currency prompts do.
            return "SAY NUMBER " + Math.round(Double.parseDouble(value));
        }
        if (value.matches("[A-Za-z0-9]{1,16}")) {
            return "SAY ALPHA " + value;
        }
        return null;
    }
}
