package org.acdserver.gateway.callback;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, after a start, the callbacks whose customer dial a stopped server had claimed, by asking Asterisk whether
 * that dial started.
 *
 * <p>The algorithm. A customer dial is claimed in the store ({@code reserving} to {@code dialing}, committed) and
 * only then started, by the dialplan subroutine {@code acd-callback-dial}, whose first step writes the witness
 * {@code acd-callback/<callback id> = <agent leg unique id>} into Asterisk's database (AstDB) and whose next step is
 * the Dial. So the witness exists exactly when the dial was started, and it is written by Asterisk in the step that
 * starts the dial, not by this server: there is no moment where the server has claimed a dial and cannot tell
 * afterwards whether it was placed. At a start, every row still {@code dialing} is held here until the manager
 * connection is up; then each is looked up with AMI {@code DBGet}:
 * <ul>
 *   <li>a witness naming the agent leg that claimed the dial: the dial started; its outcome is unknown, so the
 *       callback ends {@code failed} as {@code dialed_before_restart} and is never dialed again;</li>
 *   <li>no witness (or one left by an earlier attempt's leg): the dial never started; the callback is pending again
 *       at its place in line, the lost attempt not counted, and will be dialed once.</li>
 * </ul>
 * A lookup that fails for another reason (connection lost, timeout) leaves the row {@code dialing} and is retried
 * at the next login. Once an attempt's outcome is stored the witness is deleted ({@link #forget}); a witness left
 * behind is harmless, since it names an agent leg that no later claim has.
 *
 * <p>Caveat: the witness tells that the dial was started, not that Asterisk got on with it. If Asterisk itself
 * stops between writing the witness and starting the Dial, the witness exists but no dial happened, and the callback
 * ends {@code dialed_before_restart} though nobody was called (flagged, never dialed twice). And AstDB commits its
 * writes to disk about once a second: if Asterisk dies within that second of starting a dial, that call is dropped
 * with Asterisk, the witness may be lost with it, and the customer is called again after the restart.
 *
 * <p>Threads: manager callbacks run on the AMI event loop and only hand over; store work runs on the JDBC executor.
 */
public final class DialWitness implements AmiListener {

    /** The AstDB family of the witnesses; the key is the callback id. */
    public static final String FAMILY = "acd-callback";
    private static final Logger LOG = LoggerFactory.getLogger(DialWitness.class);

    private final CallbackDesk desk;
    private final AmiClient ami;
    private final ExecutorService jdbc;
    private final Map<String, CallbackStore.ClaimedDial> unsettled = new ConcurrentHashMap<>();

    public DialWitness(CallbackDesk desk, AmiClient ami, ExecutorService jdbc) {
        this.desk = desk;
        this.ami = ami;
        this.jdbc = jdbc;
    }

    /**
     * Reads the dials claimed before this start; blocking, call it before the manager connection starts and before
     * any callback is dialed (a dial claimed later is this server's own and not held here). Returns their number.
     */
    public int load() throws SQLException {
        List<CallbackStore.ClaimedDial> claimed = desk.store().claimedDials();
        for (CallbackStore.ClaimedDial d : claimed) {
            unsettled.put(d.id(), d);
        }
        if (!claimed.isEmpty()) {
            LOG.info("{} callback dials were claimed before this start; asking Asterisk whether they started",
                    claimed.size());
        }
        return claimed.size();
    }

    /** How many claimed dials are not settled yet. */
    public int unsettled() {
        return unsettled.size();
    }

    @Override
    public void onEvent(AmiMessage event) {
    }

    @Override
    public void onConnected(boolean reconnect) {
        for (CallbackStore.ClaimedDial d : List.copyOf(unsettled.values())) {
            ask(d);
        }
    }

    private void ask(CallbackStore.ClaimedDial d) {
        ami.sendForList(AmiAction.of("DBGet").with("Family", FAMILY).with("Key", d.id()))
                .whenComplete((events, err) -> {
                    Throwable cause = err instanceof CompletionException && err.getCause() != null
                            ? err.getCause() : err;
                    if (cause == null) {
                        String witness = events.stream().filter(e -> "DBGetResponse".equals(e.eventName()))
                                .map(e -> e.get("Val")).filter(v -> v != null).findFirst().orElse(null);
                        settle(d, witness != null && witness.trim().equals(d.legCallId()));
                    } else if (cause instanceof AmiResponseException r && r.response().message() != null
                            && r.response().message().toLowerCase(Locale.ROOT).contains("not found")) {
                        settle(d, false);
                    } else {
                        // Unknown, not absent: the row stays claimed and is asked about again at the next login.
                        LOG.warn("callback {}: cannot ask Asterisk whether its dial started ({}); asking again at"
                                + " the next manager login", d.id(), String.valueOf(cause));
                    }
                });
    }

    private void settle(CallbackStore.ClaimedDial d, boolean started) {
        jdbc.execute(() -> {
            if (!unsettled.remove(d.id(), d)) {
                return; // settled by an earlier answer
            }
            try {
                if (started) {
                    if (desk.store().dialedBeforeRestart(d.id())) {
                        desk.metrics().failed.increment();
                        LOG.warn("callback {}: its dial started before the restart (agent leg {}); its outcome is"
                                + " unknown, so it is not dialed again", d.id(), d.legCallId());
                    }
                    forget(ami, d.id());
                } else {
                    Optional<CallbackTicket> ticket = desk.store().dialNeverStarted(d.id());
                    ticket.ifPresent(t -> {
                        LOG.info("callback {}: its claimed dial never started; back in line to be dialed", d.id());
                        desk.requeue(t);
                    });
                }
            } catch (SQLException | RuntimeException e) {
                unsettled.putIfAbsent(d.id(), d);
                LOG.error("callback {}: cannot store whether its dial started; it stays claimed", d.id(), e);
            }
        });
    }

    /** Deletes a callback's witness once its attempt's outcome is stored, so that AstDB does not grow. */
    public static void forget(AmiClient ami, String callbackId) {
        ami.send(AmiAction.of("DBDel").with("Family", FAMILY).with("Key", callbackId)).whenComplete((r, e) -> {
            if (e != null || !r.isSuccess()) {
                LOG.debug("callback {}: witness not deleted ({}); a leftover witness is harmless", callbackId,
                        e != null ? e.toString() : r.message());
            }
        });
    }
}
