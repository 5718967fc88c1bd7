package org.acdserver.gateway.call;

import java.util.concurrent.CompletableFuture;
import org.acdserver.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call handed back to the dialplan as the server shuts down: the AGI step ends with {@value #VARIABLE} set, which
 * {@code acd-inbound} checks after {@code AGI()} and sends the caller on to {@value #FALLBACK_CONTEXT} (see
 * config/asterisk/extensions_acd.conf). The running wait is cut short, a running prompt finishes, later commands of
 * the flow are refused (so the flow ends), and the record names where the call went.
 */
final class HandBack {

    /** The channel variable a hand-back sets. */
    static final String VARIABLE = "ACD_HANDOFF";
    /** Where a handed-back call goes, as its record names it. */
    static final String FALLBACK_CONTEXT = "acd-fallback";
    private static final Logger LOG = LoggerFactory.getLogger(HandBack.class);

    private HandBack() {
    }

    /**
     * Hands the call on {@code session} back; its record will say it went to the fallback. The future completes once
     * Asterisk has run the hand-back or the session is gone: only then may the server close its sessions, or a
     * caller whose variable is still on its way would reach the fallback as "interrupted".
     */
    static CompletableFuture<Boolean> of(AgiSession session, CallRecord record, String callId) {
        record.handedBack(FALLBACK_CONTEXT);
        LOG.info("call {}: the server shuts down; handing the caller back to the dialplan's {}", callId,
                FALLBACK_CONTEXT);
        return session.handBack("SET VARIABLE " + VARIABLE + " shutdown").whenComplete((ran, err) -> {
            if (err != null || !ran) {
                LOG.warn("call {}: not handed back: the channel was gone first", callId);
            }
        });
    }
}
