package org.acdserver.gateway.call;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shutdown's two waits on the calls in progress: first every caller not talking to an agent is handed back to
 * the dialplan (which sends them to {@code acd-fallback}), then every call's record is in the recorder's hands.
 * Both waits are bounded, so that a stuck call cannot hold the shutdown; what is still open then is logged.
 */
public final class CallerHandBack {

    private static final Logger LOG = LoggerFactory.getLogger(CallerHandBack.class);
    /** The server's wait for callers to be handed back: prompts playing, agents' phones ringing. */
    public static final long HAND_BACK_SECONDS = 20;
    /** The server's wait, after that, for the calls' records to be in hand. */
    public static final long RECORDS_SECONDS = 5;

    private final FlowScripts scripts;
    /** How long to wait for callers to be handed back: prompts playing, agents' phones ringing. */
    private final long handBackSeconds;
    /** How long to wait after that for the calls' records to be in hand. */
    private final long recordsSeconds;

    public CallerHandBack(FlowScripts scripts, long handBackSeconds, long recordsSeconds) {
        this.scripts = scripts;
        this.handBackSeconds = handBackSeconds;
        this.recordsSeconds = recordsSeconds;
    }

    /** Hands every caller not talking to an agent back to the dialplan, and waits for them (bounded). */
    public void handBackCallers() {
        FlowScripts.Shutdown handing = scripts.handBackAll();
        if (handing.calls() == 0) {
            return;
        }
        LOG.info("shutting down: handing {} calls back to the dialplan's fallback (calls talking to an agent stay)",
                handing.calls());
        try {
            handing.settled().get(handBackSeconds, TimeUnit.SECONDS);
            LOG.info("shutting down: every caller not talking to an agent is handed back");
        } catch (TimeoutException e) {
            LOG.warn("shutting down: {} calls still in a flow after {} s are closed now", scripts.liveCalls(),
                    handBackSeconds);
        } catch (ExecutionException e) {
            LOG.warn("shutting down: handing calls back failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) until every call's flow has ended and its record is with the recorder. */
    public void awaitRecords() {
        try {
            scripts.allRecorded().get(recordsSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("shutting down: {} calls have no record after {} s", scripts.liveCalls(), recordsSeconds);
        } catch (ExecutionException e) {
            LOG.warn("shutting down: waiting for records failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
