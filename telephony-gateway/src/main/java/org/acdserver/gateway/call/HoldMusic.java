package org.acdserver.gateway.call;

import org.acdserver.flow.QueueRequest;

/** What a held caller hears: a music-on-hold class of Asterisk's, or silence ({@link QueueRequest#NO_MUSIC}). */
final class HoldMusic {

    private HoldMusic() {
    }

    /** Whether {@code musicClass} means silence: then no {@code SET MUSIC} and no {@code m} option on the Dial. */
    static boolean silent(String musicClass) {
        return QueueRequest.NO_MUSIC.equals(musicClass);
    }

    /** The Dial's options for the agent's leg: go on after the agent hangs up, with the caller on music meanwhile. */
    static String dialOptions(String musicClass) {
        return silent(musicClass) ? "g" : "gm(" + musicClass + ")";
    }
}
