package org.acdserver.gateway.call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * Tells whoever watches a channel, by name, that the manager reported it hung up: a held caller's parked agent
 * channel, so that the caller is not left on music with nobody until the hold's next check.
 *
 * <p>One watch per channel name, run at most once, on the manager connection's thread (the watcher hops to its own
 * loop). A watch is removed when it runs or is stopped. A {@code Hangup} lost with a dropped connection is not made
 * up for here: the hold's own periodic check still finds the channel gone.
 */
final class ChannelHangUps implements AmiListener {

    private final Map<String, Runnable> watches = new ConcurrentHashMap<>();

    /** Runs {@code gone} when {@code channel} hangs up; the returned action stops watching. Any thread. */
    Runnable watch(String channel, Runnable gone) {
        // A watch of its own: stopping an older watch of the same name must not remove this one.
        Runnable once = gone::run;
        watches.put(channel, once);
        return () -> watches.remove(channel, once);
    }

    /** Channels watched now. */
    int watched() {
        return watches.size();
    }

    @Override
    public void onEvent(AmiMessage event) {
        if (!"Hangup".equals(event.eventName())) {
            return;
        }
        String channel = event.get("Channel");
        Runnable gone = channel == null ? null : watches.remove(channel);
        if (gone != null) {
            gone.run();
        }
    }
}
