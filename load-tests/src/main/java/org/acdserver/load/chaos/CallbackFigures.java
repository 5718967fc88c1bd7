package org.acdserver.load.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Callbacks over the whole chaos run, after the final drain.
 *
 * @param promised      callers who heard their callback confirmed
 * @param stored        callback requests in the database
 * @param completed     of those, completed (the customer was dialled and answered)
 * @param lost          promised callbacks with no request in the database, plus stored requests not completed
 *                      by the end of the drain (must be 0)
 * @param dialledTwice  customers who answered more than one dial for their callback (must be 0)
 * @param dials         customer dials Asterisk began
 * @param retries       dials beyond the first per customer (a retry after a failed attempt is legitimate)
 * @param unfinished    the numbers and states behind {@code lost}, for the report
 * @param queueCallers  what happened to the callers of the callback queue: offered, put through to one of its
 *                      agents, promised a callback, sent to the fallback, and left unserved (hung up after
 *                      waiting, or ended by Asterisk's restart; the queue has too few agents on purpose, and a
 *                      callback that cannot be stored while the database is away leaves its caller waiting)
 */
record CallbackFigures(int promised, int stored, int completed, int lost, int dialledTwice, int dials, int retries,
                       List<String> unfinished, QueueCallers queueCallers) {

    /** The fate of the callback queue's callers; see {@code queueCallers} above. */
    record QueueCallers(int offered, int putThrough, int promised, int fallback, int unserved) {
    }

    static CallbackFigures of(CallLedger ledger, Map<String, String> database) {
        List<CallLedger.Trace> callers = ledger.all().stream().filter(t -> t.wantsCallback).toList();
        int promised = 0;
        int completed = 0;
        int dialledTwice = 0;
        int dials = 0;
        int retries = 0;
        List<String> unfinished = new ArrayList<>();
        int offered = 0;
        int putThrough = 0;
        int fallback = 0;
        int waitedForCallback = 0;
        int unserved = 0;
        for (CallLedger.Trace t : callers) {
            if (t.offered()) {
                offered++;
                if (t.answered()) {
                    putThrough++;
                } else if (t.toFallback()) {
                    fallback++;
                } else if (t.callbackConfirmed()) {
                    waitedForCallback++;
                } else {
                    unserved++;
                }
            }
            if (t.callbackConfirmedAt != 0) {
                promised++;
                if (!database.containsKey(t.number)) {
                    unfinished.add(t.number + " promised, not stored");
                }
            }
        }
        for (Map.Entry<String, String> e : database.entrySet()) {
            if (e.getValue().startsWith("completed/") && !e.getValue().contains(",")) {
                completed++;
            } else {
                unfinished.add(e.getKey() + " " + e.getValue());
            }
            int d = ledger.customerDials(e.getKey());
            dials += d;
            retries += Math.max(0, d - 1);
            if (ledger.customerAnswers(e.getKey()) > 1) {
                dialledTwice++;
            }
        }
        return new CallbackFigures(promised, database.size(), completed, unfinished.size(), dialledTwice, dials,
                retries, List.copyOf(unfinished),
                new QueueCallers(offered, putThrough, waitedForCallback, fallback, unserved));
    }

    String summary() {
        return String.format("callback queue callers: offered %d, put through %d, promised a callback %d, fallback %d,"
                        + " unserved %d%ncallbacks: promised %d, stored %d, completed %d, lost %d, dialled twice %d"
                        + " (customer dials %d, retries %d)%s", queueCallers.offered(), queueCallers.putThrough(),
                queueCallers.promised(), queueCallers.fallback(), queueCallers.unserved(), promised, stored,
                completed, lost, dialledTwice, dials, retries,
                unfinished.isEmpty() ? "" : "; not completed: " + unfinished);
    }
}
