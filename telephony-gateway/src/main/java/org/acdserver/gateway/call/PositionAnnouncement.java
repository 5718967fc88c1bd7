package org.acdserver.gateway.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.acdserver.core.WaitEstimate;

/**
 * What a waiting caller hears about their place: AGI commands built from Asterisk's stock queue prompts, so that no
 * recording is needed. Position 1 is "you are now first in line"; later positions are "there are N calls waiting"
 * (the calls ahead). The expected wait follows in whole minutes, rounded up, unless no agent is staffed.
 */
final class PositionAnnouncement {

    private PositionAnnouncement() {
    }

    /** The commands, each still missing its escape-digit argument. */
    static List<String> of(WaitEstimate estimate) {
        List<String> commands = new ArrayList<>();
        if (estimate.position() <= 1) {
            commands.add("STREAM FILE queue-youarenext");
        } else {
            commands.add("STREAM FILE queue-thereare");
            commands.add("SAY NUMBER " + (estimate.position() - 1));
            commands.add("STREAM FILE queue-callswaiting");
        }
        double seconds = estimate.expectedSeconds();
        if (Double.isFinite(seconds) && seconds > 0) {
            long minutes = Math.max(1, (long) Math.ceil(seconds / 60));
            commands.add("STREAM FILE queue-holdtime");
            commands.add("SAY NUMBER " + minutes);
            commands.add("STREAM FILE " + (minutes == 1 ? "queue-minute" : "queue-minutes"));
        }
        return commands;
    }

    /**
     * Plays the announcement's commands in order until one is cut short by a key in {@code keys}, which it completes
     * with, or until {@code playing} turns false; completes with "" otherwise.
     */
    static CompletionStage<String> play(AgiPrompter prompter, WaitEstimate estimate, String keys,
                                        BooleanSupplier playing) {
        return playFrom(prompter, of(estimate), 0, keys, playing);
    }

    private static CompletionStage<String> playFrom(AgiPrompter prompter, List<String> commands, int index,
                                                    String keys, BooleanSupplier playing) {
        if (index >= commands.size() || !playing.getAsBoolean()) {
            return CompletableFuture.completedFuture("");
        }
        return prompter.command(commands.get(index) + " \"" + keys + "\"").thenCompose(reply -> reply.result() > 0
                ? CompletableFuture.completedFuture(AgiPrompter.key(reply))
                : playFrom(prompter, commands, index + 1, keys, playing));
    }
}
