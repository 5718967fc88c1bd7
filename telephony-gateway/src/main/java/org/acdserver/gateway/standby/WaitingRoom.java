package org.acdserver.gateway.standby;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.acdserver.gateway.agi.AgiScript;
import org.acdserver.gateway.agi.AgiScriptResolver;
import org.acdserver.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a standby server keeps the calls it is sent before it routes: on music, until it takes over or finds that the
 * active server is alive.
 *
 * <p>When the active server dies, its callers' AGI sessions end and the dialplan sends them here, as it does new
 * callers the dead server can no longer take. They arrive before this server may take the lease (it has not run out
 * yet), so each is held with {@code SET MUSIC ON} and waits of a second; when this server takes over
 * ({@link #open}), each wait is interrupted and the call's script starts: a returning caller goes back to their place,
 * a new one through their flow. A call sent here while the active server is alive (its renewals keep coming: two seen
 * since the call arrived) is passed on: its session is closed and the dialplan tries the next server. So is one held
 * longer than the hold limit.
 *
 * <p>Once open, scripts run directly. Threads: sessions' event loops; {@link #open} from any thread.
 */
public final class WaitingRoom implements AgiScriptResolver {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingRoom.class);
    /** The holder's renewals seen after a call arrived that prove the active server alive. */
    private static final long ALIVE_AFTER_RENEWALS = 2;

    private final AgiScriptResolver scripts;
    private final LongSupplier renewalsSeen;
    private final long maxHoldNanos;
    private final String musicClass;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    private record Held(AgiSession session, AgiScript script, long renewalsAtArrival, long arrivedNanos) {
    }

    /**
     * @param scripts      the scripts calls run once this server routes
     * @param renewalsSeen the active server's renewals of the lease seen so far ({@link RoutingLease#renewalsSeen})
     * @param maxHold      how long a call is held at most before it is passed on
     * @param musicClass   what held callers hear
     */
    public WaitingRoom(AgiScriptResolver scripts, LongSupplier renewalsSeen, Duration maxHold, String musicClass) {
        this.scripts = scripts;
        this.renewalsSeen = renewalsSeen;
        this.maxHoldNanos = maxHold.toNanos();
        this.musicClass = musicClass;
    }

    @Override
    public Optional<AgiScript> resolve(String scriptName) {
        Optional<AgiScript> script = scripts.resolve(scriptName);
        return open ? script : script.map(s -> session -> hold(session, s));
    }

    /** Calls held now. */
    public int held() {
        return held.size();
    }

    /** This server routes now: every held call's script starts, and later calls run theirs at once. */
    public void open() {
        open = true;
        for (Held h : held) {
            release(h);
        }
    }

    private void hold(AgiSession session, AgiScript script) {
        if (open) {
            script.start(session);
            return;
        }
        Held h = new Held(session, script, renewalsSeen.getAsLong(), System.nanoTime());
        held.add(h);
        session.hangup().whenComplete((x, err) -> held.remove(h));
        if (open) {
            // Opened while this call was being added: it may have been missed.
            release(h);
            return;
        }
        session.send("SET MUSIC ON " + musicClass).whenComplete((r, err) -> waitMore(h));
    }

    private void waitMore(Held h) {
        if (!held.contains(h)) {
            return;
        }
        if (open) {
            release(h);
        } else if (renewalsSeen.getAsLong() - h.renewalsAtArrival() >= ALIVE_AFTER_RENEWALS) {
            passOn(h, "the active server is alive");
        } else if (System.nanoTime() - h.arrivedNanos() > maxHoldNanos) {
            passOn(h, "held too long without taking over");
        } else {
            h.session().send("WAIT FOR DIGIT 1000").whenComplete((r, err) -> {
                if (err == null) {
                    waitMore(h);
                } else {
                    held.remove(h);
                }
            });
        }
    }

    private void release(Held h) {
        if (!held.remove(h)) {
            return;
        }
        // A new command ends the wait at once; the script's own commands follow it.
        h.session().interruptWith("NOOP").whenComplete((r, err) -> {
            if (err == null && !h.session().hungUp()) {
                h.script().start(h.session());
            }
        });
    }

    private void passOn(Held h, String why) {
        if (held.remove(h)) {
            LOG.info("call {} passed on to the next server: {}", h.session().request().uniqueId(), why);
            h.session().close();
        }
    }
}
