package org.acdserver.gateway.call;

import java.util.concurrent.CompletableFuture;
import org.acdserver.flow.QueueRequest;
import org.acdserver.gateway.agi.AgiReply;

/**
 * What a held caller hears: a music-on-hold class of Asterisk's, or silence ({@link QueueRequest#NO_MUSIC}). The
 * one place that turns music on and off for a hold, so that silence writes no {@code SET MUSIC} at all.
 */
final class HoldMusic {

    private HoldMusic() {
    }

    /** Whether {@code musicClass} means silence: then no {@code SET MUSIC} and no {@code m} option on the Dial. */
    static boolean silent(String musicClass) {
        return QueueRequest.NO_MUSIC.equals(musicClass);
    }

    /** Music on for the hold; completes at once, with a null reply, for silence. */
    static CompletableFuture<AgiReply> on(AgiPrompter prompter, String musicClass) {
        return silent(musicClass) ? CompletableFuture.completedFuture(null)
                : prompter.command("SET MUSIC on " + musicClass);
    }

    /** Music off before a prompt; completes at once, with a null reply, for silence. */
    static CompletableFuture<AgiReply> off(AgiPrompter prompter, String musicClass) {
        return silent(musicClass) ? CompletableFuture.completedFuture(null) : prompter.command("SET MUSIC off");
    }

    /** The Dial's options for the agent's leg: go on after the agent hangs up, with the caller on music meanwhile. */
    static String dialOptions(String musicClass) {
        return silent(musicClass) ? "g" : "gm(" + musicClass + ")";
    }
}
