package org.acdserver.gateway.call;

/**
 * When a queued call's hold (music, announcements, the callback key) starts: once the core said the call waits in
 * line (no agent took it at once) and a callback offered on entry is over, and once per stay in the queued state. A
 * call with a free agent is offered at once instead, and the agent's Dial is then the first command, with nothing to
 * wait for or interrupt before it.
 *
 * <p>Touched only on the call's event loop.
 */
final class HoldGate {

    private final Runnable startHold;
    private boolean waitingInLine;
    private boolean entryOver;
    /** The visit of the queued state whose hold started; -1 before the first. */
    private int heldVisit = -1;

    HoldGate(Runnable startHold) {
        this.startHold = startHold;
    }

    /** The call joined its line: no hold until the core says it waits and the callback offer on entry is over. */
    void entered() {
        waitingInLine = false;
        entryOver = false;
    }

    /** Back at its place (an offer failed, a callback was declined): no hold until the core says the call waits. */
    void backInLine() {
        waitingInLine = false;
        entryOver = true;
    }

    /** The core said the call waits; {@code queued}: the call is still in its queued state, visit {@code visit}. */
    void waiting(int visit, boolean queued) {
        waitingInLine = true;
        startIfDue(visit, queued);
    }

    /** The callback offer on entry is over and was not taken. */
    void entryDone(int visit, boolean queued) {
        entryOver = true;
        startIfDue(visit, queued);
    }

    private void startIfDue(int visit, boolean queued) {
        if (waitingInLine && entryOver && heldVisit != visit && queued) {
            heldVisit = visit;
            startHold.run();
        }
    }
}
